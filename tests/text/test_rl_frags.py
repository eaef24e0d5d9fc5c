"""ReportLab's ``sameFrag`` in Python answers as rl_accel's C version does, fragment for fragment."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import sameFrag as c_same_frag
from reportlab.platypus.paraparser import ParaFrag

from briefgen.text.rl.frags import same_frag

_VALUES = {
    "fontName": st.sampled_from(["Serif", "Serif-Bold", "Sans"]),
    "fontSize": st.sampled_from([9, 9.0, 10.5, 10]),
    "textColor": st.sampled_from([colors.black, colors.Color(0, 0, 0), colors.red, None]),
    "rise": st.sampled_from([0, 0.0, 3, None]),
    "us_lines": st.sampled_from([[], [("underline", 1)], None]),
    "link": st.sampled_from([None, [], ["https://example.org"]]),
    "backColor": st.sampled_from([None, colors.yellow]),
    "nobr": st.sampled_from([0, 1, None]),
    "cbDefn": st.just(ABag(kind="img", width=3)),
    "lineBreak": st.just(True),
}


@st.composite
def _fragment(draw: st.DrawFn) -> ParaFrag:
    keys = draw(st.lists(st.sampled_from(sorted(_VALUES)), unique=True))
    return ParaFrag(text="word", **{key: draw(_VALUES[key]) for key in keys})


@settings(max_examples=300, deadline=None)
@given(_fragment(), _fragment())
def test_the_python_answer_is_the_c_one(f: ParaFrag, g: ParaFrag) -> None:
    assert same_frag(f, g) is c_same_frag(f, g)
    assert same_frag(f, f.clone()) is c_same_frag(f, f.clone())


def test_a_missing_attribute_equals_only_a_missing_one() -> None:
    bare = ParaFrag(fontName="Serif", fontSize=10)
    assert same_frag(bare, ParaFrag(fontName="Serif", fontSize=10)) is True
    assert same_frag(bare, ParaFrag(fontName="Serif", fontSize=10, link=None)) is False  # None is not missing
    assert same_frag(bare, ParaFrag(fontName="Serif", fontSize=10.0)) is True  # compared by value
    assert same_frag(bare, ParaFrag(fontName="Serif", fontSize=10, lineBreak=True)) is False


def test_other_kinds_of_fragment_are_asked_of_the_c_version() -> None:
    class WithClassDefaults(ParaFrag):
        link = None

    bare = ParaFrag(fontName="Serif", fontSize=10)
    other = WithClassDefaults(fontName="Serif", fontSize=10)
    for f, g in ((bare, other), (other, bare), (other, other.clone()), (ABag(fontName="Serif"), bare)):
        assert same_frag(f, g) is c_same_frag(f, g)
