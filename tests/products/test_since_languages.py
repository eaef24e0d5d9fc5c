"""A change-tracked edition in another language: the long form's change box and the one-pager's line print
in the brief's language, with no English word left and the likelihood move in the language's own terms; on a
right-to-left page the arrow points the way the line reads and the bars stand in the mirrored margins.

Each language's test brief (tests/fixtures/languages/) is the earlier edition; the later one is a copy written
the way a desk would revise it: a scenario moved from "unlikely" to "roughly even chance", a key point added,
the last actor removed, the last background paragraph rewritten."""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
import yaml

from briefgen.content.validate import Validated, load_brief
from briefgen.products.build import Built, build_brief
from tests.helpers import FIXTURES
from tests.products.test_languages import english_left, _own_words
from tests.since_pages import Box, bars

LANGUAGES = FIXTURES / "languages"
ADDED = {"fr": "Bamako a accepté le retour d’observateurs de l’Union africaine à Mopti.",
         "ar": "وافقت إثيوبيا على استئناف الاجتماعات الفنية في أديس أبابا."}
REWRITTEN = {"fr": " Plusieurs d’entre eux ont été repris depuis par l’armée.",
             "ar": " وقد عاد بعضها إلى طاولة البحث منذ ذلك الحين."}

# The English of since.xml.j2, the words of a change rather than of a brief (test_languages' list has the rest).
ENGLISH_SINCE = [
    "What changed", "changed", "Since", "since", "No changes", "no changes", "previous edition", "added", "removed",
    "revised", "and", "more", "Bars in the margin", "mark what is new", "outer margin", "passage", "Key point",
    "Background paragraph", "Quote of", "Event of", "likelihood change", "motive", "constraint", "lever",
    "signpost", "Title", "Subtitle", "Brief id", "Tags", "Caveats", "Language", "Audience", "Issuing organization",
    "Indicator to watch", "Implication", "Outlook horizon", "new",
]


def _english(text: str, language: str) -> list[str]:
    own = _own_words(language)
    found = [word for word in ENGLISH_SINCE if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I)
             and not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", own, re.I)]
    return english_left(text, language) + found


def _later(language: str, folder: Path) -> Path:
    """The later edition, written under the same file name (the brief's id) in ``folder``."""
    data = yaml.safe_load((LANGUAGES / f"{language}.yaml").read_text(encoding="utf-8"))
    later = copy.deepcopy(data)
    later["date"] = data["date"] + dt.timedelta(days=14)
    later["outlook"]["scenarios"][1]["likelihood"] = "roughly even chance"  # was "unlikely"
    later["key_points"].append(ADDED[language])
    later["actors"].pop()
    later["background"][-1] += REWRITTEN[language]
    path = folder / f"{language}.yaml"
    path.write_text(yaml.safe_dump(later, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Built]]:
    built: dict[str, dict[str, Built]] = {}
    for language in ("fr", "ar"):
        earlier: Validated = load_brief(str(LANGUAGES / f"{language}.yaml"))
        later = load_brief(str(_later(language, tmp_path_factory.mktemp(language))))
        built[language] = {product: build_brief(later, product, previous=earlier)
                           for product in ("long-form", "one-page")}
    return built


def _text(pdf: bytes) -> str:
    """The PDF's text (pdfium: right-to-left lines in logical order), one space for any run of spaces."""
    document = pypdfium2.PdfDocument(pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _between(text: str, first: str, last: str) -> str:
    start = text.index(first)
    return text[start:text.index(last, start) + len(last)]


def test_the_french_box_words_every_change_in_french(editions: dict[str, dict[str, Built]]) -> None:
    text = _text(editions["fr"]["long-form"].pdf)
    box = _between(text, "MODIFICATIONS DEPUIS LE 10 OCTOBRE 2025",
                   "Un trait dans la marge extérieure signale chaque passage nouveau ou modifié.")
    assert box.index("Scénario Reprise d’un dialogue régional : improbable → chances à peu près égales") \
        < box.index(f"Point clé 5 : ajout — « {ADDED['fr']} »") \
        < box.index("Acteur JNIM : suppression") \
        < box.index("Paragraphe de contexte 2 : révision")
    assert _english(box, "fr") == []


def test_the_french_line_words_the_move_and_the_counts_in_french(editions: dict[str, dict[str, Built]]) -> None:
    built = editions["fr"]["one-page"]
    assert built.pages == 1
    text = _text(built.pdf)
    line = _between(text, "Depuis le 10 octobre 2025 :", "Les traits en marge signalent les nouveautés.")
    assert line == ("Depuis le 10 octobre 2025 : Scénario Reprise d’un dialogue régional : improbable → chances à peu "
                    "près égales ; 1 ajout, 1 suppression, 1 révision. Les traits en marge signalent les nouveautés.")
    assert _english(line, "fr") == []


def _letters(text: str) -> str:
    """Arabic text without its vowel marks (pdfium places a shadda or tanween beside its letter)."""
    bare = "".join(char for char in text if not unicodedata.category(char) == "Mn")
    return " ".join(bare.split())


def test_the_arabic_box_and_line_read_right_to_left(editions: dict[str, dict[str, Built]]) -> None:
    for product in ("long-form", "one-page"):
        text = _letters(_text(editions["ar"][product].pdf))
        assert "غير مرجح ← احتمال متكافئ تقريبا" in text, product  # the arrow points the way the line reads
        assert "→" not in text and "unlikely" not in text and "roughly" not in text
        assert "حذف الجهة الفاعلة الحكومة المصرية" in text or product == "one-page"
        assert _english(text, "ar") == [], product
    assert "إضافة واحدة، عملية حذف واحدة" in _letters(_text(editions["ar"]["one-page"].pdf))


def _words_box(pdf: bytes, words: tuple[str, ...]) -> tuple[int, Box]:
    """The page and the box that holds the first place of each word (pdfium's search; right-to-left words too)."""
    for number, page in enumerate(pypdfium2.PdfDocument(pdf), start=1):
        text = page.get_textpage()
        hits = [text.search(word).get_next() for word in words]
        if all(hits):
            boxes = [text.get_charbox(i) for start, count in hits for i in range(start, start + count)]
            return number, Box(min(b[0] for b in boxes), min(b[1] for b in boxes),
                               max(b[2] for b in boxes), max(b[3] for b in boxes))
    raise AssertionError(f"{words} not found on any page")


def test_arabic_bars_stand_in_the_mirrored_margins(editions: dict[str, dict[str, Built]]) -> None:
    rewritten = ("جرت", "متعددة", "بعضها", "طاولة")  # the rewritten paragraph, from its first line to its last
    one_page = editions["ar"]["one-page"].pdf
    page, paragraph = _words_box(one_page, rewritten)
    beside = [bar for bar in bars(one_page)[page] if bar.overlaps_rows(paragraph)]
    assert len(beside) == 1 and beside[0].left >= paragraph.right > 595.28 / 2  # the first column is on the right
    long_form = editions["ar"]["long-form"].pdf
    page, paragraph = _words_box(long_form, rewritten)
    beside = [bar for bar in bars(long_form)[page] if bar.overlaps_rows(paragraph)]
    assert len(beside) == 1
    if page % 2 == 1:  # a right-to-left book opens the other way: an odd page's outer margin is on the left
        assert beside[0].right <= paragraph.left
    else:
        assert beside[0].left >= paragraph.right


def test_content_in_the_box_and_line_stays_text(tmp_path: Path) -> None:
    """Names and quoted words in a change are data: markup or template code in them prints as written."""
    from briefgen.compose.template import compose
    from briefgen.layouts.layout import load_layout
    from briefgen.products.build import since_of
    from tests.helpers import minimal, write_yaml

    odd = "Bloc <i>Est</i> & {{ co }}"
    actors = [{"name": odd, "motives": ["Rester"]}, {"name": "Quelqu’un", "motives": ["Durer"]}]
    earlier = load_brief(str(write_yaml(tmp_path, minimal(language="fr", actors=actors), "brief.yaml")))
    later_folder = tmp_path / "later"
    later_folder.mkdir()
    later = load_brief(str(write_yaml(later_folder, minimal(language="fr", date="2025-02-14", actors=actors[1:],
                                                             key_points=["Surveiller <b>ceci</b> & {% raw %}"]),
                                      "brief.yaml")))
    for product, style in (("long-form", "box_since"), ("one-page", "since_line")):
        root = compose(later, load_layout(product), since_of(earlier, later)).root
        found = [e for e in root.iter() if e.get("style") == style]
        assert len(found) == 1, product
        assert {e.tag for e in found[0].iter()} <= {"box", "para", "list", "item", "b"}, product
        if product == "long-form":
            text = " ".join("".join(found[0].itertext()).split())
            assert f"Acteur {odd} : suppression" in text.replace("\u00a0", " ")
            assert "Point clé 1 : ajout — « Surveiller <b>ceci</b> & {% raw %} »" in text.replace("\u00a0", " ") \
                .replace("\u202f", " ")
