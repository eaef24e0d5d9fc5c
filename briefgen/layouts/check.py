"""Layouts are checked like content: every problem of a ``layout.yaml`` at once, located.

Unknown keys (with the nearest valid one suggested), styles whose ``parent:`` names no
style, colours that are neither a colour name of the layout nor ``#rrggbb``, and
lengths that are not a number with ``pt``, ``mm``, ``cm`` or ``in`` are reported as
``PATH:LINE:COLUMN: setting.path: message``. A layout is checked with the chain it
extends, so a child may use its parent's colours and styles.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.errors import ContentError, LayoutError, Problem
from briefgen.content.load import FieldPath, Loaded, load_text
from briefgen.layouts import BUILTIN_LAYOUTS

log = logging.getLogger(__name__)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
BAR_SIDES = ("outer", "inner", "left", "right", "nearest")  # change_bars.side (rendering/changebars.py)
_LENGTH = re.compile(r"^\s*-?\d+(\.\d+)?\s*(pt|mm|cm|in)?\s*$")

# What a value is: "length", "color", "number", "text", "flag", "list", or a nested schema (dict).
# "*" matches any key (names chosen by the layout author: fonts, colours, styles, page templates).
_RUNNING = {"left": "text", "center": "text", "right": "text"}
_RULE = {"color": "color", "width": "length", "offset": "length"}
TEXT_STYLE = {
    "parent": "text", "font": "text", "bold": "flag", "italic": "flag", "size": "length", "leading": "length",
    "color": "color", "align": "text", "space_before": "length", "space_after": "length", "indent_left": "length",
    "indent_right": "length", "first_indent": "length", "bullet_indent": "length", "keep_with_next": "flag",
    "transform": "text", "allow_widows": "flag", "allow_orphans": "flag", "hyphenation": "text",
    "background": "color", "bullet": "text",
}
BLOCK_STYLE = {
    "border_color": "color", "border_width": "length", "rule_color": "color", "rule_width": "length",
    "padding": "length", "stripe": "color", "header_rule_color": "color", "header_rule_width": "length",
    "height": "length", "label_size": "length", "color_on": "color", "color_off": "color", "text_on": "color",
    "text_off": "color", "gap": "length", "stroke_on": "length", "stroke_off": "length", "number_width": "length",
    "width": "text", "max_height": "length", "min_dpi": "number", "dpi": "number", "palette": "list",
    "muted": "color", "grid": "color", "count": "number",
    "marker_size": "length", "stem_length": "length", "level_gap": "length", "axis_width": "length",
    "stem_width": "length", "months": "list",
    "title_size": "length", "line_width": "length", "bar_width": "length",
    "value_labels": "flag", "no_value": "text",
    "plot": {key: "number" for key in (
        "axis_width", "tick_width", "tick_length", "category_pad", "value_pad", "grid_width", "bar_edge_width",
        "legend_key_length", "legend_key_height", "legend_text_pad", "legend_column_gap", "legend_row_gap",
        "legend_border_pad")},
}
SCHEMA: dict[str, Any] = {
    "extends": "text", "product": "text", "template": "text", "repeat_summary": "flag", "editions": "list",
    "fonts": {"*": {"regular": "text", "bold": "text", "italic": "text", "bold_italic": "text"}},
    "fallback_fonts": "list",
    "script_fonts": {"*": {"*": "list"}},
    "han_default": "text",
    "right_to_left": "list", "direction": "text", "upright_emphasis": "list",
    "cjk_latin_space": "list",
    "colors": {"*": "hex"},
    "page": {"margins": {"top": "length", "bottom": "length", "left": "length", "right": "length"},
             "header": _RUNNING, "footer": _RUNNING, "header_inset": "length", "footer_inset": "length",
             "header_rule": _RULE, "footer_rule": _RULE,
             "templates": {"*": {"header": "flag", "footer": "flag"}}},
    "markings": {"banner_style": "style", "banner_inset": "length", "tlp_style": "style", "tlp": {"*": "color"},
                 "tlp_background": "color", "tlp_padding": "length", "tlp_inset": "length", "schemes": "list",
                 "equivalences": "list", "required": "flag", "portion_marks": "flag", "portion_format": "text",
                 "tlp_join": "text"},
    "fitting": {"spacing": {"min": "number"}, "omit": "list", "least_rows": "number",
                "type": {"floor": "number", "step": "number"}, "note": "text", "names": {"*": "list"},
                "name_join": "list"},
    "pack": {"blank_text": "text", "blank_style": "style", "number_text": "text", "number_style": "style",
             "number_inset": "length", "number_align": "text", "labels": {"cover": "text", "contents": "text", "blank": "text", "item": "text"},
             "watermark": {"style": "style", "angle": "number", "opacity": "number", "color": "color"}},
    "styles": {"*": {**TEXT_STYLE, **BLOCK_STYLE}},
    "change_bars": {"color": "color", "width": "length", "offset": "length", "join": "length", "side": "bar_side"},
    "strings": {"*": {"*": "text"}},  # furniture by language: {fr: {"Key points": "…"}}; a list for a plural
}


class LayoutProblems(ContentError, LayoutError):
    """A layout file has one or more located problems."""


def _walk(data: Any, schema: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str, Any]]:
    """Yield ``(path, problem kind or value kind, value)`` for every setting, against the schema."""
    if isinstance(schema, dict):
        if not isinstance(data, dict):
            yield path, "not-mapping", data
            return
        for key, value in data.items():
            inner = schema.get(key, schema.get("*"))
            if inner is None:
                yield path + (key,), "unknown", sorted(k for k in schema if k != "*")
            else:
                yield from _walk(value, inner, path + (key,))
    else:
        yield path, schema, data


def _value_problem(kind: str, value: Any, colors: set[str]) -> str | None:
    if value is None or kind in ("text", "style"):
        return None
    if kind == "length" and not (isinstance(value, (int, float)) and not isinstance(value, bool)) \
            and not _LENGTH.match(str(value)):
        return f"{value!r} is not a length; write a number with pt (the default), mm, cm or in"
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"expected a number, got {value!r}"
    if kind == "flag" and not isinstance(value, (bool, int)):
        return f"expected true or false, got {value!r}"
    if kind == "list" and not isinstance(value, list):
        return f"expected a list, got {value!r}"
    if kind == "bar_side" and value not in BAR_SIDES:
        return f"{value!r} is not a side for change bars; write one of {', '.join(BAR_SIDES)}"
    if kind == "hex" and not _HEX.match(str(value)):
        return f"{value!r} is not a colour; write #rrggbb"
    if kind == "color" and str(value) != "none" and str(value) not in colors and not _HEX.match(str(value)):
        near = difflib.get_close_matches(str(value), sorted(colors), n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else f"; colours of this layout: {', '.join(sorted(colors))}"
        return f"{value!r} is not a colour: use #rrggbb or a name from `colors`{hint}"
    return None


def _problems(loaded: Loaded, colors: set[str], styles: set[str]) -> Iterator[Problem]:
    for path, kind, value in _walk(loaded.data, SCHEMA, ()):
        if kind == "unknown":
            near = difflib.get_close_matches(str(path[-1]), value, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else f"; valid keys here: {', '.join(value)}"
            yield loaded.problem(path, f"unknown setting {path[-1]!r}{hint}", at_key=True)
        elif kind == "not-mapping":
            yield loaded.problem(path, f"expected a mapping of settings, got {value!r}")
        elif path[-1] == "parent" and path[0] == "styles" and value not in styles:
            near = difflib.get_close_matches(str(value), sorted(styles), n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            yield loaded.problem(path, f"no style named {value!r} to inherit from{hint}")
        elif kind == "style" and value is not None and str(value) not in styles:
            yield loaded.problem(path, f"no style named {value!r}")
        else:
            message = _value_problem(kind, value, colors)
            if message:
                yield loaded.problem(path, message)


def check_layout_chain(files: list[Path]) -> None:
    """Check every ``layout.yaml`` of a chain (child first); raise :class:`LayoutProblems` listing all problems."""
    loaded = []
    for path in files:
        try:
            loaded.append(load_text(str(path), path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise LayoutError(f"{path}: cannot read layout: {exc.strerror}") from None
        except ContentError as exc:
            raise LayoutProblems(exc.problems) from None
    colors = {str(k) for item in loaded if isinstance(item.data, dict) for k in (item.data.get("colors") or {})}
    styles = {str(k) for item in loaded if isinstance(item.data, dict) for k in (item.data.get("styles") or {})}
    problems = [problem for item in loaded if isinstance(item.data, dict) for problem in _problems(item, colors, styles)]
    problems += [item.problem((), "a layout must be a mapping of settings") for item in loaded
                 if not isinstance(item.data, dict)]
    if problems:
        raise LayoutProblems(problems)


def check_layout_text(name: str, text: str) -> list[str]:
    """Problems of one layout text on its own (with the shipped base layout's colours and styles), as lines."""
    base = BUILTIN_LAYOUTS / "base" / "layout.yaml"
    base_data = load_text(str(base), base.read_text(encoding="utf-8")).data
    try:
        loaded = load_text(name, text)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    colors = {str(k) for data in (base_data, loaded.data) for k in ((data or {}).get("colors") or {})}
    styles = {str(k) for data in (base_data, loaded.data) for k in ((data or {}).get("styles") or {})}
    return [str(p) for p in _problems(loaded, colors, styles)]
