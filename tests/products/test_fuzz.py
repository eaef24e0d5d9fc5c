"""Fuzzing: arbitrary text, markup and structure give a valid PDF whose text matches, or a clean error."""

from __future__ import annotations

import io
import string
import unicodedata

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.products.build import build_brief
from briefgen.errors import BriefgenError
from briefgen.content.inline import plain
from briefgen.content.load import load_text
from briefgen.content.validate import validate_brief
from tests.helpers import minimal, squash

MARKUP = "<>&\"'{}%#*_[]()@!\\/;:=`~|^$"
SCRIPTS = "".join(ch for ch in map(chr, [*range(0xC0, 0x250), *range(0x391, 0x3CA), *range(0x410, 0x450),
                                           *range(0x1EA0, 0x1EF9)])
                  if unicodedata.category(ch) != "Cn")  # assigned letters only: the fonts cover these
ALPHABET = st.sampled_from(string.ascii_letters + string.digits + " " * 8 + MARKUP + SCRIPTS + "–—“”‘’…")
TEXT = st.text(ALPHABET, min_size=1, max_size=120).filter(lambda t: t.strip())
FIELDS = ["title", "subtitle", "summary", "background", "key_points", "implications", "organization", "audience"]
ANY_UNICODE = st.text(min_size=1, max_size=60)
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(data: dict, product: str) -> tuple[bytes | None, str | None]:
    """Build through the real stages; return (pdf, None) or (None, clean error message)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        validated = validate_brief(load_text("fuzz.yaml", text))
        return build_brief(validated, product).pdf, None
    except BriefgenError as exc:
        return None, str(exc)


def extracted(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), text=TEXT, product=st.sampled_from(["one-page", "long-form"]))
def test_any_text_prints_as_written_or_fails_cleanly(field: str, text: str, product: str) -> None:
    value = [text] if field in ("key_points", "implications") else text
    pdf, error = build(minimal(**{field: value}), product)
    if pdf is None:
        assert error and "fuzz.yaml:" in error, error
        return
    words = plain(text)
    assert squash(words) in extracted(pdf), (field, text)


@SETTINGS
@given(text=ANY_UNICODE)
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    pdf, error = build(minimal(summary=text, key_quotes=[{"text": text, "speaker": text}]), "one-page")
    assert pdf is not None or error
    if pdf is not None:
        assert _ascii_visible(squash(plain(text))) in _ascii_visible(extracted(pdf))


def _ascii_visible(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and unicodedata.category(ch)[0] in "LNPS")


@SETTINGS
@given(key=st.text(string.ascii_letters + "_-", min_size=1, max_size=20), value=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_UNICODE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6))
def test_arbitrary_keys_and_structure_fail_cleanly(key: str, value) -> None:
    data = minimal()
    data[key] = value
    pdf, error = build(data, "one-page")
    assert pdf is not None or (error and "fuzz.yaml:" in error), error
