"""The inline subset: bold, italic, links, citations; everything else literal."""

from __future__ import annotations

import pytest

from briefgen.content.inline import (
    Span,
    cited_ids,
    link_targets,
    markup_in_name,
    name_markup,
    name_plain,
    parse,
    plain,
    to_markup,
)


def test_subset_parses() -> None:
    assert parse("a **b** *c* [d](https://e.org) [@src-1]") == (
        Span("text", "a "),
        Span("strong", children=(Span("text", "b"),)),
        Span("text", " "),
        Span("em", children=(Span("text", "c"),)),
        Span("text", " "),
        Span("link", children=(Span("text", "d"),), href="https://e.org"),
        Span("text", " "),
        Span("cite", ids=("src-1",)),
    )


def test_everything_else_is_literal() -> None:
    for text in ["<b>x</b>", "&amp; &lt;", "{{ x }} {% if %}", "`code`", "# heading", "> quote", "_under_", "back\\slash"]:
        assert plain(text) == " ".join(text.split()), text


def test_underscores_do_not_make_italics() -> None:
    assert to_markup("_a_ snake_case", {}) == "_a_ snake_case"


def test_markup_is_escaped() -> None:
    assert to_markup("<i>&</i> **<b>**", {}) == "&lt;i&gt;&amp;&lt;/i&gt; <b>&lt;b&gt;</b>"


def test_citations_number_by_source_order() -> None:
    assert to_markup("x [@b][@a]", {"a": 1, "b": 2}) == 'x <cite n="2" ref="b"/><cite n="1" ref="a"/>'
    assert cited_ids("see [@a; @b] and [@c]") == ["a", "b", "c"]


def test_links_keep_their_targets_and_bad_schemes_lose_the_link() -> None:
    assert link_targets("[x](http://a.b) [y](javascript:z)") == ["http://a.b", "javascript:z"]
    assert to_markup("[y](javascript:z)", {}) == "y"
    assert to_markup('[q](https://a.b/?x=1&y="2")', {}) == '<a href="https://a.b/?x=1&amp;y=%222%22">q</a>'


def test_unclosed_markup_stays_literal() -> None:
    assert plain("**open and *half [link](") == "**open and *half [link]("


def test_language_spans_may_hold_links_emphasis_and_citations() -> None:
    spans = parse("[השר [הודעה](https://example.org/he) *מספר* [@irna].]{lang=he}")
    assert len(spans) == 1 and spans[0].kind == "lang" and spans[0].href == "he"
    assert [child.kind for child in spans[0].children] == ["text", "link", "text", "em", "text", "cite", "text"]
    assert cited_ids("[سخن [@irna].]{lang=fa}") == ["irna"]


def test_one_citation_names_a_source_once() -> None:
    assert to_markup("x [@a; @b; @a]", {"a": 1, "b": 2}) == 'x <cite n="1" ref="a"/><cite n="2" ref="b"/>'


def test_names_take_language_spans_and_nothing_else() -> None:
    assert name_markup("Kim Yo Jong [김여정]{lang=ko}") == 'Kim Yo Jong <span lang="ko">김여정</span>'
    assert name_markup("[岸田文雄]{ lang=ja } & <Jr.>") == '<span lang="ja">岸田文雄</span> &amp; &lt;Jr.&gt;'
    assert name_markup("Prime Minister **of Japan** [x](https://a.b)") == "Prime Minister **of Japan** [x](https://a.b)"
    assert name_plain("Kim Yo Jong [김여정]{lang=ko}") == "Kim Yo Jong 김여정"


@pytest.mark.parametrize("text, found", [
    ("Kim **Yo** Jong", "bold **…**"),
    ("Workers' Party *of* Korea", "italic *…*"),
    ("see [KCNA](https://kcna.kp)", "a link [label](…)"),
    ("[@kcna] staff", "a citation [@…]"),
    ("[Kim]{.name}", "a span […]{…} that is not [text]{lang=xx}"),
    ("Kim Yo Jong [김여정]{lang=ko}", None),
    ("5 * 3 * 2 [sic]", None),
    ("O'Brien & Sons <Jr.>", None),
])
def test_markup_in_a_name_is_found(text: str, found: str | None) -> None:
    assert markup_in_name(text) == found


# ---------------------------------------------------------------- citations without the parser

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefgen.content.inline import parse, walk  # noqa: E402

_PIECES = ["[@", "[", "]", "@", "a", "b-1", " ", ";", ",", "(", ")", "https://x.org", "{lang=ko}", "*", "**", "_",
           "\n", "\r", "\0", "[@a]", "[@a; @b]", "[x](y)", "]{lang=ja}", "]{ lang=ko-KR }", "{lang=", "]{lang=1}",
           "[김여정]{lang=ko}"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_citations_found_without_the_parser_are_the_parsers(text: str) -> None:
    spans = list(walk(parse(text)))
    assert cited_ids(text) == [source_id for span in spans if span.kind == "cite" for source_id in span.ids]
    assert link_targets(text) == [span.href for span in spans if span.kind == "link"]


def test_validate_finds_citations_without_markdown_it() -> None:
    import subprocess
    import sys

    code = ("import sys; from briefgen.content.inline import cited_ids, link_targets; "
            "print(cited_ids('As *said* [@a; @b], and [@c].'), link_targets('No [@a] links'), 'markdown_it' in sys.modules); "
            "print(cited_ids('[see](https://x.org) [@d]'), 'markdown_it' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["['a', 'b', 'c'] [] False", "['d'] True"]


@pytest.mark.parametrize(("text", "words"), [
    ("Premiums rose at the auctions [@lloyds].", "Premiums rose at the auctions."),  # no space before the stop
    ("Rates [@a; @b], then cover [@c]; then talks.", "Rates, then cover; then talks."),
    ("As [@a] said, it rose", "As said, it rose"),
    ("Attention ! [@a]", "Attention !"),  # the writer's own space stays (French)
])
def test_plain_text_leaves_no_gap_where_a_citation_stood(text: str, words: str) -> None:
    """Metadata (/Subject) and bookmarks read ``…auctions.``, not ``…auctions .`` (a stranger's report)."""
    from briefgen.content.inline import plain

    assert plain(text) == words
