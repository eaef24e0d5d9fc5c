"""Briefs no one has written yet keep the page invariants (tests/invariants.py): hypothesis makes
them — random lengths, chart values negative, huge or missing, long labels and titles, events days
or years apart, optional sections left out, every script — and builds each in one format on A4 or
Letter. This is how the next new brief stays whole (issue 21).

The examples are derandomized (the same briefs on every run) and not shrunk: one run builds
EXAMPLES briefs and lists every problem found, brief by brief, instead of stopping at the first.
"""

from __future__ import annotations

import datetime
import signal
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefgen.content.load import load_text
from briefgen.content.model import Brief
from briefgen.content.validate import validate_brief
from briefgen.errors import BriefgenError
from briefgen.products.build import build_brief
from tests.invariants import page_problems

EXAMPLES = 12
BUILD_SECONDS = 20  # a build takes a second or two; one that runs on is reported, not waited for

# Words in each script the contract names (content-format.md, "Scripts and languages"), with the
# brief's language for each: text is set, shaped and hyphenated as that language.
WORDS: dict[str, tuple[str, str]] = {
    "en": ("en", "the talks resume next week after a pause of eleven months while ministers weigh "
                 "concessions on water sanctions abductions and the northern border arrangement "
                 "counter-proliferation intergovernmental reconsideration"),
    "latin-extended": ("pl", "Łódź Gdańsk rozmowy ministrów Nguyễn Thị Minh Khai Žižkov Ærøskøbing "
                             "przewodniczący współpracy międzynarodowej Brașov İstanbul"),
    "el": ("el", "Υπουργείο Εξωτερικών διαπραγματεύσεις συνεχίζονται την επόμενη εβδομάδα"),
    "ru": ("ru", "Министерство иностранных дел переговоры возобновятся на следующей неделе"),
    "ko": ("ko", "조선민주주의인민공화국 외무성 대변인 담화 협상 재개 다음 주 일본 정부"),
    "ja": ("ja", "外務省 報道官 談話 拉致問題 交渉 再開 来週 日本政府 は が を に"),
    "zh-Hans": ("zh-Hans", "外交部 发言人 表示 希望 各方 通过 对话 协商 解决 问题"),
    "zh-Hant": ("zh-Hant", "中華民國 外交部 表示 臺灣 將 繼續 與 國際社會 合作"),
    "ar": ("ar", "أعلنت وزارة الخارجية أن المحادثات ستستأنف في الأسبوع المقبل ١٢ عضواً"),
    "fa": ("fa", "وزارت امور خارجه اعلام کرد که گفت‌وگوها در سال ۱۴۰۳ ادامه یابد سخنگوی"),
    "he": ("he", "משרד החוץ הודיע כי השיחות יתחדשו בשבוע הבא עם נציגים"),
}
MARKINGS = [None, "UNCLASSIFIED", "OFFICIAL-SENSITIVE", "TLP:AMBER", "TLP:CLEAR", "SECRET"]
TERMS = ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
         "almost certain"]
OPTIONAL = {"subtitle", "organization", "audience", "classification", "key_points", "timeline", "implications",
            "figures", "sources", "authors", *(name for name in ("background", "key_quotes", "actors", "outlook")
                                                if not Brief.model_fields[name].is_required())}


def words(script: str, least: int, most: int, spans: bool = False) -> st.SearchStrategy[str]:
    """Text of some words of a script, now and then with a number or a Latin name in it, and
    (spans) with words of other scripts marked as their language: [김여정]{lang=ko}."""
    vocabulary = WORDS[script][1].split()
    extra = st.sampled_from(["2024", "−3.5%", "1,250,000", "IAEA", "Kim Yo Jong", "(ICD-203)", "U.S.–DPRK"])
    word = st.sampled_from(vocabulary) | extra
    if spans:
        word = word | st.sampled_from(sorted(set(WORDS) - {script})).flatmap(
            lambda other: words(other, 1, 3).map(lambda text: f"[{text}]{{lang={WORDS[other][0]}}}"))
    return st.lists(word, min_size=least, max_size=most).map(" ".join)


def numbers() -> st.SearchStrategy[float | int | None]:
    """Chart values: small, negative, huge, fractional, or missing."""
    return st.one_of(st.none(), st.integers(-50, 120), st.integers(-10**12, 10**12),
                     st.floats(-1e9, 1e15, allow_nan=False, allow_infinity=False), st.just(0))


@st.composite
def charts(draw: st.DrawFn, script: str) -> dict[str, Any]:
    """A bar or line chart with random labels and values."""
    count = draw(st.integers(1, 12))
    x = draw(st.lists(words(script, 1, 6), min_size=count, max_size=count, unique=True))
    series = [{"name": draw(words(script, 1, 8)), "values": draw(st.lists(numbers(), min_size=count, max_size=count))}
              for _ in range(draw(st.integers(1, 3)))]
    chart = {"kind": draw(st.sampled_from(["bar", "line"])), "x": x, "series": series}
    if draw(st.booleans()):
        chart["title"] = draw(words(script, 1, 20))
    if draw(st.booleans()):
        chart["unit"] = draw(words(script, 1, 10))
    return chart


@st.composite
def events(draw: st.DrawFn, script: str) -> list[dict[str, Any]]:
    """Events days apart, or years apart, in order."""
    start = datetime.date(2015, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 3000)))
    gaps = draw(st.lists(st.sampled_from([0, 1, 2, 3, 5, 9, 30, 200, 900]), min_size=1, max_size=9))
    days, found = 0, []
    for gap in gaps:
        days += gap
        found.append({"date": (start + datetime.timedelta(days=days)).isoformat(), "text": draw(words(script, 1, 30))})
    return found


@st.composite
def briefs(draw: st.DrawFn) -> dict[str, Any]:
    """A brief in one script, with every optional section left out now and then."""
    script = draw(st.sampled_from(sorted(WORDS)))
    text = lambda least, most: draw(words(script, least, most, spans=True))  # noqa: E731
    line = lambda least, most: draw(words(script, least, most))  # noqa: E731  (a field without markup)
    keep = {name for name in sorted(OPTIONAL) if draw(st.booleans())}
    title = text(1, 30)
    data: dict[str, Any] = {"title": title if len(title) <= 160 else line(1, 30)[:160], "date": "2025-05-01",
                            "language": WORDS[script][0],
                            "summary": text(3, 70)}
    sections: dict[str, Any] = {
        "subtitle": lambda: text(1, 30),
        "organization": lambda: line(1, 14),
        "audience": lambda: line(1, 10),
        "authors": lambda: [line(1, 4) for _ in range(draw(st.integers(1, 3)))],
        "classification": lambda: draw(st.sampled_from(MARKINGS[1:])),
        "key_points": lambda: [text(1, 40) for _ in range(draw(st.integers(1, 8)))],
        "background": lambda: [text(5, 120) for _ in range(draw(st.integers(1, 4)))],
        "timeline": lambda: draw(events(script)),
        "key_quotes": lambda: [{"text": text(3, 50), "speaker": text(1, 5), "role": text(1, 12)}
                               for _ in range(draw(st.integers(1, 3)))],
        "actors": lambda: [{"name": text(1, 8), "stance": text(1, 12), "motives": [text(1, 15)],
                            "levers": [text(1, 15)] if draw(st.booleans()) else []}
                           for _ in range(draw(st.integers(1, 4)))],
        "outlook": lambda: {"summary": text(3, 50), "scenarios": [
            {"title": text(1, 12), "likelihood": draw(st.sampled_from(TERMS))} for _ in range(draw(st.integers(0, 4)))]},
        "implications": lambda: [text(1, 30) for _ in range(draw(st.integers(1, 4)))],
        "figures": lambda: [{"id": f"chart-{n}", "chart": draw(charts(script)), "caption": text(1, 20),
                             "after": draw(st.sampled_from(["summary", "background", "timeline", "outlook"]))}
                            for n in range(draw(st.integers(1, 2)))],
        "sources": lambda: [{"id": "source-1", "title": text(1, 20), "publisher": text(1, 5)}],
    }
    for name, make in sections.items():
        if name in keep or name not in OPTIONAL:
            data[name] = make()
    return data


class Overtime(Exception):
    """A build that ran longer than BUILD_SECONDS."""


def _overtime(*_: object) -> None:
    raise Overtime


def build(data: dict[str, Any], product: str, paper: str) -> tuple[bytes | None, str]:
    """The PDF of a generated brief, or None and the error it gave (a crash, or a build that does
    not finish in BUILD_SECONDS, is one too)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    previous = signal.signal(signal.SIGALRM, _overtime)
    signal.setitimer(signal.ITIMER_REAL, BUILD_SECONDS)
    try:
        return build_brief(validate_brief(load_text("generated.yaml", text)), product, paper).pdf, ""
    except BriefgenError as exc:
        return None, str(exc)
    except Overtime:
        return None, f"did not finish in {BUILD_SECONDS} s"
    except Exception as exc:  # noqa: BLE001 - a crash is what this test reports, with the brief
        return None, f"crashed: {type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_generated_briefs_keep_the_page_invariants() -> None:
    found: list[str] = []
    seen: dict[str, int] = {}  # the text of each brief tried, so a repeat is built once
    errors: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=briefs(), product=st.sampled_from(["one-page", "long-form"]), paper=st.sampled_from(["a4", "a4", "letter"]))
    def each(data: dict[str, Any], product: str, paper: str) -> None:
        key = f"{product} {paper}\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
        if key in seen:
            return
        seen[key] = len(seen) + 1
        pdf, error = build(data, product, paper)
        if pdf is None:
            errors.append(error)
            if not error.startswith("generated.yaml:"):  # not a clean, located error (a one-pager's core too long)
                found.extend([f"--- brief {seen[key]}, {key}", error])
            return
        problems = page_problems(pdf, f"generated-{seen[key]}-{product}-{paper}.pdf")
        if problems:
            found.append(f"--- brief {seen[key]}, {key}")
            found.extend(problems)

    each()
    assert len(seen) - len(errors) >= EXAMPLES // 2, f"only {len(seen) - len(errors)} of {len(seen)} briefs built:\n" + \
        "\n".join(errors)
    assert not found, "\n".join(found)
