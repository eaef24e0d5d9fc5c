"""What a one-pager keeps of a long brief written the way a stranger would (issue 21): the "so what"
stays, remote scenarios go first, the note counts what a reader counts, no heading is left alone."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pypdf import PdfReader

from briefgen.interface.cli import main
from briefgen.products.build import build_brief
from tests.dense import dense_brief
from tests.helpers import FIXTURES, pdf_text, squash
from tests.products.test_fit import validated

STRANGER = FIXTURES / "stranger-long.yaml"
DATA = yaml.safe_load(STRANGER.read_text(encoding="utf-8"))
REMOTE = [i for i, s in enumerate(DATA["outlook"]["scenarios"]) if s["likelihood"] == "very unlikely"]


@pytest.fixture(scope="module", params=["a4", "letter"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The stranger's brief as a one-pager on A4 and on Letter, and what the command line said (--verbose)."""
    out = tmp_path_factory.mktemp(request.param)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["build", str(STRANGER), "--format", "one-page", "--paper", request.param, "--verbose",
                     "--out", str(out)])
    assert code == 0, err.getvalue()
    return out / "stranger-long-one-page.pdf", err.getvalue()


def omissions(err: str) -> list[str]:
    return [line.split(": one-page: ", 1)[1] for line in err.splitlines() if ": one-page: omitted " in line]


def note(pdf: Path) -> str:
    text = " ".join(pdf_text(pdf)[0].split())
    return text[text.index("Shortened to fit one page."):]


def test_the_brief_needs_shortening_and_stays_on_one_page(built: tuple[Path, str]) -> None:
    pdf, err = built
    assert len(PdfReader(pdf).pages) == 1
    assert len(omissions(err)) >= 5


def test_every_implication_and_the_outlook_summary_are_kept(built: tuple[Path, str]) -> None:
    text = squash(pdf_text(built[0])[0]).replace("’", "'")
    for item in [*DATA["implications"], DATA["outlook"]["summary"], DATA["summary"]]:
        assert squash(item) in text, item
    assert "implications" not in " ".join(omissions(built[1]))


def test_very_unlikely_scenarios_are_the_first_to_go(built: tuple[Path, str]) -> None:
    pdf, err = built
    assert omissions(err)[:len(REMOTE)] == [f"omitted outlook.scenarios[{i}] to fit" for i in reversed(REMOTE)]
    text = squash(pdf_text(pdf)[0])
    for index, scenario in enumerate(DATA["outlook"]["scenarios"]):
        assert (squash(scenario["title"]) in text) == (index not in REMOTE), scenario["title"]


NAMES = {"background": "background paragraph", "timeline": "event", "key_quotes": "quote", "actors": "actor",
         "key_points": "key point", "outlook.scenarios": "scenario", "implications": "implication"}


def expected_counts(lines: list[str]) -> dict[str, int]:
    """What the note should say, counted from the --verbose lines: one per item a reader misses."""
    counts: dict[str, int] = {}
    for line in lines:
        whole = re.fullmatch(r"omitted ([a-z_.]+)\[\d+\]( \(priority \d\))? to fit", line)
        part = re.fullmatch(r"omitted part of ([a-z_.]+)\[\d+\] to fit: .+", line)
        assert whole or part, line
        if whole:
            name = NAMES[whole.group(1)]
        else:
            name = {"actors": "more on {} actor", "outlook.scenarios": "the description of {} scenario"}[part.group(1)]
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_the_note_counts_what_a_reader_counts_and_names_the_kinds(built: tuple[Path, str]) -> None:
    pdf, err = built
    lines = omissions(err)
    total = int(re.search(r"\((?:1 page); (\d+) items? omitted to fit", err).group(1))
    assert total == len(lines)
    assert not any(re.search(r"actors\[\d+\]\.motives\[\d+\] to fit$", line) for line in lines)  # not each bullet
    said = note(pdf)
    for name, count in expected_counts(lines).items():
        plural = {"more on {} actor": "more on {} actors",
                  "the description of {} scenario": "the descriptions of {} scenarios"}.get(name, name + "s")
        phrase = (name if count == 1 else plural).format(count) if "{}" in name else \
            f"{count} {name if count == 1 else plural}"
        assert phrase in said, (phrase, said)
    numbers = [int(n) for n in re.findall(r"\b(\d+) ", said)]
    assert sum(numbers) == total, said


def text_lines(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(left, bottom, top, text) of every line piece on the page."""
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    pieces = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        pieces.append((left, bottom, top, textpage.get_text_bounded(left, bottom, right, top).strip()))
    return pieces


HEADINGS = ("KEY POINTS", "BACKGROUND", "TIMELINE", "KEY QUOTES", "ACTORS AND MOTIVES", "OUTLOOK", "IMPLICATIONS")


def test_no_heading_ends_a_column_or_keeps_a_single_row(built: tuple[Path, str]) -> None:
    pdf = built[0]
    pieces = text_lines(pdf)
    middle = PdfReader(pdf).pages[0].mediabox.width / 2
    headings = [p for p in pieces if p[3].startswith(HEADINGS) and p[3].isupper()]
    assert len(headings) >= 6
    for left, bottom, _, title in headings:
        column = [p for p in pieces if (p[0] < middle) == (left < middle) and p[2] < bottom]
        following = [p for p in headings if (p[0] < middle) == (left < middle) and p[2] < bottom]
        floor = max((p[2] for p in following), default=0)
        under = [p for p in column if p[2] > floor and left - 3 < p[0] < left + 12 and p[3]]  # a quote is inset
        assert len(under) >= 2, f"{title} has {len(under)} lines under it in its column"
        if title == "TIMELINE":
            rows = [p for p in under if re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]{2} \d{4}", p[3])]
            assert len(rows) >= 2, "the timeline heading keeps a single row in its column"


def test_likelihood_words_are_not_broken_one_a_line(built: tuple[Path, str]) -> None:
    lines = [p[3] for p in text_lines(built[0])]
    assert "roughly even chance" in lines
    assert not {"roughly", "even", "chance"} & set(lines)


def test_a_timeline_never_keeps_a_single_row() -> None:
    """Eight events and more and more key points: the timeline shortens, but never to one row (without
    ``fitting.least_rows`` six key points leave exactly one)."""
    kept = []
    for key_points in range(1, 9):
        data = dense_brief(paragraphs=1, quotes=1, actors=1, events=8, scenarios=1, key_points=key_points,
                           summary_words=12)
        built = build_brief(validated(data), "one-page")
        kept.append(8 - sum(1 for o in built.omitted if o.kind == "timeline"))
    assert 1 not in kept and kept[0] > 1 and kept[-1] == 0, kept
