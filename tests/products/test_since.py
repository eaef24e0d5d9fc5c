"""Change-tracked editions (``build --since``) on real PDFs, from a held-out brief and a later edition of it:
a background paragraph rewritten, a key point added, an actor removed, a scenario moved from "unlikely" to
"roughly even chance"."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pytest

from briefgen.content.validate import Validated, load_brief
from briefgen.compose.template import compose
from briefgen.layouts.layout import load_layout
from briefgen.products.build import Built, build_brief, since_of
from tests.helpers import FIXTURES
from tests.since_pages import Box, bars, bars_outside_artifacts, text_box

EARLIER = FIXTURES / "editions" / "since" / "grain-corridor.yaml"
LATER = FIXTURES / "editions" / "since" / "grain-corridor-later.yaml"
REWRITTEN = ("Engineers now blame", "ten to twelve days")
UNCHANGED = [("The lower Danube carried", "transship at"), ("Insurers have not raised", "since the autumn")]


@pytest.fixture(scope="module")
def editions() -> tuple[Validated, Validated]:
    return load_brief(str(EARLIER)), load_brief(str(LATER))


@pytest.fixture(scope="module")
def long_form(editions: tuple[Validated, Validated]) -> Built:
    return build_brief(editions[1], "long-form", previous=editions[0])


@pytest.fixture(scope="module")
def one_page(editions: tuple[Validated, Validated]) -> Built:
    return build_brief(editions[1], "one-page", previous=editions[0])


def _text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _bars_beside(pdf: bytes, first: str, last: str, after_page: int = 0, left_only: bool = False) -> list[Box]:
    """The bars level with a passage, in the margin (``left_only``: the left one, for a left-hand column)."""
    page, text = text_box(pdf, first, last, after_page)
    level = [bar for bar in bars(pdf).get(page, []) if bar.overlaps_rows(text)]
    return [bar for bar in level if bar.right <= text.left or (bar.left >= text.right and not left_only)]


def test_the_change_box_names_the_previous_date_and_the_four_changes(long_form: Built) -> None:
    text = _text(long_form.pdf)
    box = text[text.index("WHAT CHANGED SINCE 2 MARCH 2026"):text.index("A bar in the outer margin")]
    assert box.index("Lock back in full service by mid-March: unlikely → roughly even chance") \
        < box.index("Key point 4 added: “Serbia has agreed to night-time lock operations from 9 March.”") \
        < box.index("Actor Serbian dam operator (Elektroprivreda Srbije) removed") \
        < box.index("Background paragraph 2 revised")
    assert text.index("BOTTOM LINE") < text.index("WHAT CHANGED SINCE") < text.index("Key points")


def test_a_bar_beside_the_rewritten_paragraph_spans_it(long_form: Built) -> None:
    page, paragraph = text_box(long_form.pdf, *REWRITTEN)
    beside = _bars_beside(long_form.pdf, *REWRITTEN)
    assert len(beside) == 1
    bar = beside[0]
    assert bar.bottom <= paragraph.bottom + 0.5 and bar.top >= paragraph.top - 0.5  # the whole paragraph
    assert paragraph.bottom - bar.bottom < 8 and bar.top - paragraph.top < 8  # and no more than its lines
    assert bar.right < paragraph.left - 5 if page % 2 == 0 else bar.left > paragraph.right + 5  # outer margin
    assert bar.right - bar.left == pytest.approx(2.2, abs=0.05)


def test_no_bar_beside_unchanged_paragraphs_or_key_points(long_form: Built) -> None:
    for first, last in UNCHANGED + [("Barge convoys through", "18 a day"), ("Rail capacity from", "until April")]:
        assert _bars_beside(long_form.pdf, first, last) == [], first
    assert len(_bars_beside(long_form.pdf, "Serbia has agreed", "from 9 March", after_page=1)) == 1
    assert len(_bars_beside(long_form.pdf, "The replacement gate arrives", "within days")) == 1


def test_bars_are_artifacts_and_the_box_is_tagged_content(long_form: Built) -> None:
    import io

    assert sum(len(found) for found in bars(long_form.pdf).values()) == 3  # key point 4, background 2, the scenario
    assert bars_outside_artifacts(long_form.pdf) == 0
    with pikepdf.open(io.BytesIO(long_form.pdf)) as pdf:
        roles, stack = [], [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    roles.append(str(kid.S))
                    stack.append(kid)
        assert roles.count("/LI") >= 4 + 4  # the box's four changes are list items, with the key points'


def test_the_metadata_records_the_previous_edition(long_form: Built) -> None:
    import io

    digest = hashlib.sha256(EARLIER.read_text(encoding="utf-8").encode()).hexdigest()
    with pikepdf.open(io.BytesIO(long_form.pdf)) as pdf:
        assert str(pdf.docinfo["/BriefgenPreviousSHA256"]) == digest
        assert str(pdf.docinfo["/BriefgenPreviousDate"]) == "2026-03-02"
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
    assert f"<briefgen:PreviousSHA256>{digest}</briefgen:PreviousSHA256>" in xmp


def test_the_one_pager_fits_and_says_what_changed(one_page: Built) -> None:
    assert one_page.pages == 1
    text = _text(one_page.pdf)
    assert ("Since 2 March 2026: Scenario Lock back in full service by mid-March: unlikely → roughly even chance; "
            "1 added, 1 removed, 1 revised. Bars in the margin mark what is new.") in text
    assert len(_bars_beside(one_page.pdf, *REWRITTEN, left_only=True)) == 1  # the left column's margin
    for first, last in UNCHANGED:
        assert _bars_beside(one_page.pdf, first, last, left_only=True) == [], first


def test_the_line_is_never_omitted_to_fit(editions: tuple[Validated, Validated]) -> None:
    root = compose(editions[1], load_layout("one-page"), since_of(*editions)).root
    line = [e for e in root.iter("para") if e.get("style") == "since_line"]
    assert len(line) == 1 and line[0].get("omit") is None  # the fitter drops only what carries omit=


def test_same_editions_no_changes_and_no_bars(editions: tuple[Validated, Validated]) -> None:
    built = build_brief(editions[1], "long-form", previous=editions[1])
    assert bars(built.pdf) == {} and built.since == {"previous": str(LATER), "date": "2026-03-05", "changes": 0}
    assert "No changes since the previous edition." in _text(built.pdf)


def test_deterministic(editions: tuple[Validated, Validated], one_page: Built) -> None:
    assert build_brief(editions[1], "one-page", previous=editions[0]).pdf == one_page.pdf


def test_without_since_nothing_of_it(editions: tuple[Validated, Validated]) -> None:
    import io

    built = build_brief(editions[1], "one-page")
    assert bars(built.pdf) == {} and "Since 2 March" not in _text(built.pdf) and built.since is None
    with pikepdf.open(io.BytesIO(built.pdf)) as pdf:
        assert "/BriefgenPreviousSHA256" not in pdf.docinfo


def test_outer_margin_mirrors_right_to_left() -> None:
    from briefgen.rendering.changebars import ChangeBars

    bars_ltr = ChangeBars((50, 50, 400, 700), None, 2, 8)
    bars_rtl = ChangeBars((50, 50, 400, 700), None, 2, 8, rtl=True)
    assert (bars_ltr._x(1, 0), bars_ltr._x(2, 0)) == (458, 40)
    assert (bars_rtl._x(1, 0), bars_rtl._x(2, 0)) == (40, 458)
    nearest = ChangeBars((50, 50, 400, 700), None, 2, 8, side="nearest")
    assert (nearest._x(1, 100), nearest._x(1, 400)) == (40, 458)


def test_a_revision_is_recorded_with_its_path_as_in_every_clone() -> None:
    from briefgen.products.provenance import _edition_name

    assert _edition_name(f"HEAD~1:{LATER}") == f"HEAD~1:{LATER.relative_to(Path.cwd()).as_posix()}"
    assert _edition_name(str(EARLIER)) == EARLIER.relative_to(Path.cwd()).as_posix()


def test_the_python_api_takes_the_previous_edition() -> None:
    import briefgen

    later, earlier = briefgen.load(str(LATER)), briefgen.load(str(EARLIER))
    rendered = briefgen.render(later, "one-page", since=earlier)
    assert rendered.pages == 1 and "Since 2 March 2026:" in _text(rendered.pdf) and bars(rendered.pdf)
    with pytest.raises(briefgen.BriefgenError, match="same brief"):
        briefgen.render(later, "one-page", since=briefgen.load(str(FIXTURES / "minimal.yaml")))
