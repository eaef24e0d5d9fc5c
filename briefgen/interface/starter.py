"""``briefgen new``: an annotated starter brief that validates and builds as written."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.content.model import slugify

STARTER = """\
# yaml-language-server: $schema=../schema/brief.schema.json
# A new brief. Every key is described in docs/content-format.md; required keys are
# marked (required): a title, date and summary alone make a flash note, and every other
# section may be deleted. Text fields accept **bold**, *italic*, [links](https://…),
# citations [@source-id] that name an entry under `sources`, and language spans
# [text]{lang=ko}. Anything else prints as written: <, &, tags and {{ braces }} are
# never interpreted. A value that starts with [@ must be in quotes: "[@src] said …".

title: __TITLE__          # (required) at most 160 characters
subtitle: One line that tells the reader what the brief is about
date: __DATE__                                         # (required) the "as of" date, YYYY-MM-DD
classification: OFFICIAL                               # banner on every page; e.g. TLP:AMBER
# caveats: [UK EYES ONLY]                              # handling caveats printed with the level
# tlp: AMBER                                           # a TLP label beside the classification
organization: Your office
audience: Who the brief is for                        # printed as "Prepared for …"
authors: [Your name]
tags: [topic, region]                                  # also written as PDF keywords
likelihood_scale: ICD-203                              # or PHIA

# (required) Bottom line up front: one to four sentences.
summary: >-
  State the judgement first. Then say why it matters to the reader [@example-source].

key_points:                                            # 1 to 8; the one-pager keeps the first three
  - The first thing the reader must know.
  - The second.
  # - {text: A portion-marked point., marking: OFFICIAL-SENSITIVE}   # prints "(OS)" before it; the banner
  #                                                    # takes the highest part; `--release OFFICIAL` leaves it out

background:                                            # one item a paragraph
  - The first paragraph is core, so the one-page edition always prints it.
  - Later paragraphs may be left out of the one-pager to make it fit.

timeline:
  - date: 2024-01                                      # YYYY, YYYY-MM or YYYY-MM-DD
    text: What happened.
    sources: [example-source]

key_quotes:                                            # the words, verbatim
  - text: The words quoted, verbatim, without quotation marks.
    speaker: Speaker's name as published               # a name in another script: Kim Yo Jong [김여정]{lang=ko}
    role: Speaker's title as published
    date: 2024-01-15
    context: Where and how it was said
    source: example-source
    priority: 1                                        # 1 (most important) to 5
    note: English-language version

actors:
  - name: First actor
    stance: Its position, in one line
    priority: 1                                        # priority-1 actors always print on the one-pager
    motives: [What it wants]                           # (required) at least one
    constraints: [What holds it back]
    levers: [What it can use]

outlook:
  summary: What we expect, and why.                    # (required in an outlook)
  horizon: next 6 months
  confidence: moderate                                 # low, moderate or high
  scenarios:
    - title: Most likely course
      likelihood: likely                               # a term of the likelihood scale
      description: What it would look like.
      indicators: [A sign that this is happening]
  indicators: [A signpost to watch]

implications:
  - What the reader should do or expect.

# figures:                                            # photographs, maps and charts (optional)
#   - id: statements-by-month                          # (required) unique
#     chart:                                           # or image: figures/map.svg (PNG, JPEG, SVG or PDF, beside the brief)
#       kind: bar                                      # bar or line
#       x: [2024-01, 2024-02, 2024-03]
#       series: [{name: Statements, values: [1, null, 2]}]   # null leaves a gap
#       unit: statements a month
#     caption: What the reader should see in it
#     credit: "Chart: own work"
#     alt: Said by screen readers; required for an image, written from the data for a chart
#     after: timeline                                  # the section it follows (default background)
#     priority: 3                                      # 1 keeps it on the one-pager

sources:
  - id: example-source                                 # (required) cite it as [@example-source]
    title: Title of the source                         # (required)
    publisher: Publisher
    date: 2024-01-15
    url: https://example.org/
    accessed: __DATE__
"""


@dataclass(frozen=True)
class Starter:
    """A starter brief written: where, and a note for the author when the file name was made up."""

    path: Path
    note: str = ""


# Starters in the other languages briefgen ships furniture for: headings, comments and examples in that
# language (package data beside this module, one file a language; English is STARTER above).
STARTERS = Path(__file__).resolve().parent / "starters"


def starter_languages() -> tuple[str, ...]:
    """Languages ``briefgen new --language`` writes a starter in."""
    return ("en", *sorted(path.stem.replace("zh", "zh-Hans") for path in STARTERS.glob("*.yaml")))


def _starter_file(language: str) -> Path | None:
    tag = language.replace("_", "-")
    base = "zh" if tag.lower().startswith("zh") else tag.split("-")[0].lower()
    path = STARTERS / f"{base}.yaml"
    return path if base != "en" and path.is_file() else None


def starter_text(name: str, today: dt.date, language: str = "en") -> str:
    """The annotated starter brief with ``name`` as its title (as a quoted YAML string: data, never syntax),
    its headings, comments and examples in ``language`` (English unless briefgen ships a starter in it)."""
    path = _starter_file(language)
    if path is None and language.split("-")[0].lower() != "en":
        raise BriefgenError(f"no starter brief in {language!r}; languages: {', '.join(starter_languages())}")
    text = path.read_text(encoding="utf-8") if path is not None else STARTER
    title = json.dumps(" ".join(name.split()) or "Replace with the headline of the brief", ensure_ascii=False)
    return text.replace("__TITLE__", title).replace("__DATE__", today.isoformat())


def write_starter(name: str, folder: Path, today: dt.date | None = None, language: str = "en") -> Starter:
    """Write ``folder/<slug>.yaml`` titled ``name``; never replaces an existing file.

    The file name is ``name`` transliterated to ASCII (``Łódź talks`` → ``lodz-talks.yaml``);
    a name with no Latin letters or digits gets a dated name (``brief-2024-03-01.yaml``).
    """
    today = today or dt.date.today()
    text = starter_text(name, today, language)  # an unknown language fails before a file is made
    slug = slugify(name, default="")
    note = ""
    if not slug:
        slug = f"brief-{today.isoformat()}"
        note = f"{name!r} has no Latin letters or digits to name the file with, so it is named {slug}.yaml; rename it as you like"
    target = folder / f"{slug}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as stream:  # "x": fails rather than replace a file
            stream.write(text)
    except FileExistsError:
        raise BriefgenError(f"{target} already exists and was left as it is; choose another name") from None
    except OSError as exc:
        raise BriefgenError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return Starter(target, note)
