"""``briefgen new``: an annotated starter brief that validates and builds as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.model import slugify

STARTER = """\
# yaml-language-server: $schema=../schema/brief.schema.json
# A new brief. Every key is described in docs/content-format.md; required keys are
# marked (required). Text fields accept **bold**, *italic*, [links](https://…) and
# citations [@source-id] that name an entry under `sources`. Anything else prints as
# written: <, &, tags and {{ braces }} are never interpreted.

title: Replace with the headline of the brief          # (required) at most 160 characters
subtitle: One line that tells the reader what the brief is about
date: __DATE__                                         # (required) the "as of" date, YYYY-MM-DD
classification: OFFICIAL                               # banner on every page; e.g. TLP:AMBER
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

background:                                            # (required) one item a paragraph
  - The first paragraph is core, so the one-page edition always prints it.
  - Later paragraphs may be left out of the one-pager to make it fit.

timeline:
  - date: 2024-01                                      # YYYY, YYYY-MM or YYYY-MM-DD
    text: What happened.
    sources: [example-source]

key_quotes:                                            # (required) at least one
  - text: The words quoted, verbatim, without quotation marks.
    speaker: Speaker's name as published
    role: Speaker's title as published
    date: 2024-01-15
    context: Where and how it was said
    source: example-source
    priority: 1                                        # 1 (most important) to 5
    note: English-language version

actors:                                                # (required) at least one
  - name: First actor
    stance: Its position, in one line
    priority: 1                                        # priority-1 actors always print on the one-pager
    motives: [What it wants]                           # (required) at least one
    constraints: [What holds it back]
    levers: [What it can use]

outlook:                                               # (required)
  summary: What we expect, and why.                    # (required)
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

sources:
  - id: example-source                                 # (required) cite it as [@example-source]
    title: Title of the source                         # (required)
    publisher: Publisher
    date: 2024-01-15
    url: https://example.org/
    accessed: __DATE__
"""


def write_starter(name: str, folder: Path, today: dt.date | None = None) -> Path:
    """Write ``folder/<name>.yaml``; refuse to overwrite an existing file."""
    target = folder / f"{slugify(name)}.yaml"
    if target.exists():
        raise BriefgenError(f"{target} already exists; choose another name")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(STARTER.replace("__DATE__", (today or dt.date.today()).isoformat()), encoding="utf-8")
    return target
