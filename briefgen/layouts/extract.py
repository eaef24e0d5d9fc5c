"""Babel extractors for the furniture that is not in a template: ``pybabel extract -F babel.cfg``.

Templates are extracted by Jinja2's own extractor and Python by Babel's; these two add

- :func:`extract_layout`: the printed words of a ``layout.yaml`` (running heads and feet, the
  one-pager's omission note and its names of what was left out, as plural messages, the pack's
  blank-page note, page numbers and page labels);
- :func:`extract_scales`: the likelihood words of ICD-203 and PHIA, each in the context
  ``likelihood <scale>`` (a catalog's translation of a term is also a term a brief may write).

Run ``make catalogs`` (see docs/languages.md) to refresh ``briefgen.pot`` and the catalogs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import IO, Any

import yaml

from briefgen.content.scales import SCALES

log = logging.getLogger(__name__)

Extracted = Iterator[tuple[int, str, Any, list[str]]]

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Keys of layout.yaml whose values are printed words (dotted; "*" any key).
_TEXT_KEYS = ("page.header.*", "page.footer.*", "fitting.note", "pack.blank_text", "pack.number_text",
              "pack.labels.cover", "pack.labels.contents", "pack.labels.blank")


def _line_of(lines: list[str], text: str) -> int:
    return next((number for number, line in enumerate(lines, start=1) if text in line), 0)


def _values(data: Any, dotted: str) -> Iterator[str]:
    head, _, rest = dotted.partition(".")
    if not isinstance(data, dict):
        return
    chosen = data.values() if head == "*" else [data.get(head)]
    for value in chosen:
        if rest:
            yield from _values(value, rest)
        elif isinstance(value, str) and any(char.isalpha() for char in _PLACEHOLDER.sub("", value)):
            yield value  # words, not only fields such as "{date}"


def extract_layout(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Extracted:
    """Messages of a ``layout.yaml`` (Babel extractor interface)."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    data = yaml.safe_load(text) or {}
    for dotted in _TEXT_KEYS:
        for value in _values(data, dotted):
            yield _line_of(lines, value), "gettext", value, [f"layout.yaml {dotted}"]
    fitting = data.get("fitting") or {}
    for kind, forms in (fitting.get("names") or {}).items():
        if isinstance(forms, list) and len(forms) == 2:
            yield _line_of(lines, forms[0]), "ngettext", (str(forms[0]), str(forms[1])), \
                [f"layout.yaml fitting.names.{kind}: what the one-pager's note says was left out; {{n}}: how many"]
    for part in fitting.get("name_join") or []:
        yield _line_of(lines, "name_join"), "gettext", str(part), ["layout.yaml fitting.name_join: between names"]


def extract_scales(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Extracted:
    """The likelihood terms and band labels of the scales (Babel extractor interface)."""
    fileobj.read()
    for scale in SCALES.values():
        for band in scale.bands:
            for term in dict.fromkeys((band.label, *band.terms)):
                yield 0, "pgettext", (f"likelihood {scale.name}", term), \
                    [f"{scale.name}, band {band.band_text}; translate as the official or usual term (docs/languages.md)"]
