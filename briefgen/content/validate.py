"""Stage 2, validate: turn loaded data into the typed model, collecting every problem.

Type and shape checks come from the pydantic models in :mod:`briefgen.content.model`; this module
words their errors for authors and adds the checks that span fields: citations and
source references resolve, source ids are unique, likelihood terms belong to the brief's
scale, TLP markings are written exactly. Warnings (not errors) help authors.
"""

from __future__ import annotations

import difflib
import logging
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from briefgen.errors import ContentError, Problem
from briefgen.content.inline import ALLOWED_SCHEMES, cited_ids, link_targets, plain
from briefgen.content.load import FieldPath, Loaded, load_file
from briefgen.content.model import Brief, Pack, slugify
from briefgen.content.catalogs import LANGUAGE_TAG, known_language, shipped_languages, translated_terms
from briefgen.content.scales import SCALES
from briefgen.content.advice import advice
from briefgen.content.fields import items_of, printed_strings, text_fields

__all__ = ["Validated", "allowed_keys", "brief_folder", "brief_id_of", "is_pack", "load_brief", "marking_problem",
           "printed_strings", "text_fields", "validate_brief", "validate_pack"]

log = logging.getLogger(__name__)

TLP_LABELS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


@dataclass
class Validated:
    """A valid brief or pack, with what it was loaded from and any warnings."""

    model: Any
    loaded: Loaded
    warnings: list[Problem]
    file_stem: str | None = None  # the file's own stem when ``loaded.path`` names more (``HEAD:desk/brief.yaml``)

    @property
    def id(self) -> str:
        """The output id: the ``id`` key, or the slugified file stem; for a mapping (no file), the slugified title."""
        if self.model.id:
            return str(self.model.id)
        if not self.loaded.located:
            return slugify(plain(self.model.title))
        return slugify(self.file_stem or Path(self.loaded.path).stem)


# ---------------------------------------------------------------- pydantic errors


def _type_name(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing (null)"
    return names.get(type(value), type(value).__name__)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def allowed_keys(root: type[BaseModel], parent: FieldPath) -> list[str]:
    """The keys a mapping at ``parent`` may hold, following the model's fields."""
    model: type[BaseModel] | None = root
    for part in parent:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _inner_model(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _message(error: Any, root: type[BaseModel]) -> str:
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        valid = allowed_keys(root, error["loc"][:-1])
        near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else f"; valid keys: {', '.join(valid)}"
        if value is None and not near:  # `{text: The words, verbatim, …}`: a comma cut the text short
            hint += ". If it belongs to the text before it, put that whole text in quotes"
        return f"unknown key {key!r}{hint}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        if "http" in ctx.get("pattern", ""):
            return f"{value!r} is not an http or https URL"
        return f"{value!r} is not a valid id: use a-z, 0-9 and hyphens, starting with a letter or digit, at most 64 characters"
    if kind == "literal_error":
        return f"{value!r} is not allowed; expected one of {ctx.get('expected', '')}"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} item{'' if n == 1 else 's'}"
    if kind in ("too_long", "string_too_long"):
        unit = "characters" if isinstance(value, str) else "items"
        return f"has {len(value or ())} {unit}; at most {ctx.get('max_length')} are allowed"
    if kind in ("greater_than_equal", "less_than_equal", "int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number from 1 to 5, got {value!r}"
    expected = {"string_type": "text", "list_type": "a list", "model_type": "a mapping of keys",
                "dict_type": "a mapping of keys", "bool_type": "true or false", "bool_parsing": "true or false",
                "model_attributes_type": "a mapping of keys"}.get(kind)
    if expected == "text" and isinstance(value, dict) and len(value) == 1:
        return "expected text, got a mapping: text that contains ': ' must be in quotes"
    if expected:
        return f"expected {expected}, got {_type_name(value)}"
    return str(error["msg"])


_UNION_TAGS = ("<text>", "<marked>")  # a prose item's two forms (model.Prose); not part of a field's path


def _schema_problems(loaded: Loaded, root: type[BaseModel]) -> tuple[Any, list[Problem]]:
    try:
        return root.model_validate(loaded.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = tuple(part for part in error["loc"] if part not in _UNION_TAGS)
            at_key = error["type"] == "extra_forbidden"
            problems.append(loaded.problem(where, _message(error, root), at_key=at_key))
        return None, problems


# ---------------------------------------------------------------- cross-field checks


def _source_ids(loaded: Loaded) -> tuple[set[str], list[Problem]]:
    seen: set[str] = set()
    problems = []
    for path, item in items_of(loaded.data, ("sources",)):
        source_id = item.get("id")
        if not isinstance(source_id, str):
            continue
        if source_id in seen:
            problems.append(loaded.problem(path + ("id",), f"duplicate source id {source_id!r}"))
        seen.add(source_id)
    return seen, problems


def _reference_problem(loaded: Loaded, path: FieldPath, source_id: str, known: set[str], what: str) -> Problem:
    near = difflib.get_close_matches(source_id, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else (
        f"; known sources: {', '.join(sorted(known))}" if known else "; the brief has no sources")
    return loaded.problem(path, f"{what} {source_id!r} names no source{hint}")


def _reference_problems(loaded: Loaded, known: set[str]) -> Iterator[Problem]:
    for path, text in text_fields(loaded.data):
        for source_id in cited_ids(text):
            if source_id not in known:
                yield _reference_problem(loaded, path, source_id, known, "citation [@…]")
        for target in link_targets(text):
            if not target.startswith(ALLOWED_SCHEMES):
                yield loaded.problem(path, f"link target {target!r} must start with http://, https:// or mailto:")
    for path, quote in items_of(loaded.data, ("key_quotes",)):
        reference = quote.get("source")
        if isinstance(reference, str) and reference not in known:
            yield _reference_problem(loaded, path + ("source",), reference, known, "source")
    for path, event in items_of(loaded.data, ("timeline",)):
        for index, source_id in enumerate(event.get("sources") or []):
            if isinstance(source_id, str) and source_id not in known:
                yield _reference_problem(loaded, path + ("sources", index), source_id, known, "source")


def _likelihood_problems(loaded: Loaded) -> Iterator[Problem]:
    data = loaded.data
    scale = SCALES.get(data.get("likelihood_scale") or "ICD-203") if isinstance(data, dict) else None
    if scale is None:
        return
    language = data.get("language") if isinstance(data.get("language"), str) else "en"
    for path, scenario in items_of(data.get("outlook"), ("scenarios",), ("outlook",)):
        term = scenario.get("likelihood")
        if isinstance(term, str) and scale.lookup(term, language) is None:
            valid = ", ".join(scale.terms())
            translated = translated_terms(scale.name, language)  # word → English term, listed in scale order
            own = ", ".join(dict.fromkeys(word for english in scale.terms() for word, of in translated.items()
                                          if of == english))
            also = f" (or in the brief's language: {own})" if own else ""
            yield loaded.problem(path + ("likelihood",),
                                 f"{term!r} is not a term of the {scale.name} scale; use one of: {valid}{also}")


def _language_problems(loaded: Loaded) -> Iterator[Problem]:
    """A language tag CLDR does not know is an error naming the languages shipped with catalogs; a known
    language without a catalog builds, its furniture in English (the build warns)."""
    language = loaded.data.get("language") if isinstance(loaded.data, dict) else None
    if isinstance(language, str) and LANGUAGE_TAG.match(language) and not known_language(language):
        yield loaded.problem(("language",), f"{language!r} is not a language briefgen knows (BCP 47, e.g. fr, "
                                            f"zh-Hans, en-GB); languages with furniture: {', '.join(shipped_languages())}")


def _figure_problems(loaded: Loaded, known: set[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for path, figure in items_of(loaded.data, ("figures",)):
        figure_id = figure.get("id")
        if isinstance(figure_id, str):
            if figure_id in seen:
                yield loaded.problem(path + ("id",), f"duplicate figure id {figure_id!r}")
            seen.add(figure_id)
        if ("image" in figure) == ("chart" in figure):
            yield loaded.problem(path, "a figure needs exactly one of `image` (a file) or `chart` (data)")
        elif "image" in figure and not figure.get("alt"):
            yield loaded.problem(path, "an image needs `alt`: the text a screen reader speaks in its place")
        if isinstance(figure.get("image"), str):
            yield from _figure_file_problem(loaded, path + ("image",), figure["image"])
        reference = figure.get("source")
        if isinstance(reference, str) and reference not in known:
            yield _reference_problem(loaded, path + ("source",), reference, known, "source")
        chart = figure.get("chart")
        if isinstance(chart, dict):
            yield from _chart_problems(loaded, path + ("chart",), chart)


def brief_folder(loaded: Loaded) -> Path:
    """The folder figure paths are relative to: the brief's own, or the working folder for stdin and mappings."""
    return Path(loaded.path).parent if loaded.located and not loaded.path.startswith("<") else Path.cwd()


def _figure_file_problem(loaded: Loaded, path: FieldPath, image: str) -> Iterator[Problem]:
    from briefgen.content.figures import FigureFileError, check_file  # Pillow and lxml only when a brief has images

    try:
        check_file(image, brief_folder(loaded))
    except FigureFileError as exc:
        yield loaded.problem(path, str(exc))


def _chart_problems(loaded: Loaded, path: FieldPath, chart: dict) -> Iterator[Problem]:
    labels = chart.get("x") if isinstance(chart.get("x"), list) else None
    numbers = 0
    for series_path, series in items_of(chart, ("series",), path):
        values = series.get("values")
        if not isinstance(values, list):
            continue
        numbers += sum(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if labels is not None and len(values) != len(labels):
            yield loaded.problem(series_path + ("values",), f"has {len(values)} values; `x` has {len(labels)} labels, "
                                 "and each label needs one value (null for a gap)")
    if isinstance(chart.get("series"), list) and chart["series"] and numbers == 0:
        yield loaded.problem(path + ("series",), "the chart has no numbers to draw")


def marking_problem(loaded: Loaded, marking: Any) -> Problem | None:
    """A problem when a TLP marking is not one of the five TLP 2.0 labels."""
    if isinstance(marking, str) and marking.strip().upper().startswith("TLP") and marking not in TLP_LABELS:
        near = difflib.get_close_matches(marking.upper().replace(" ", ""), TLP_LABELS, n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return loaded.problem(("classification",), f"{marking!r} is not a TLP 2.0 label; use exactly one of "
                              f"{', '.join(TLP_LABELS)}{hint}")
    return None


# ---------------------------------------------------------------- entry points


def _require_mapping(loaded: Loaded, what: str) -> None:
    if not isinstance(loaded.data, dict):
        raise ContentError([loaded.problem((), f"the top level of a {what} must be a mapping of keys, "
                                           f"got {_type_name(loaded.data)}")])


_BRIEF_KEYS = ("summary", "key_quotes", "actors", "outlook", "background")


def is_pack(data: Any) -> bool:
    """Whether loaded data is a pack manifest rather than a brief (it lists ``items`` and no brief sections)."""
    return isinstance(data, dict) and "items" in data and not any(key in data for key in _BRIEF_KEYS)


def _wrong_kind(loaded: Loaded, expected: str) -> None:
    if expected == "brief" and is_pack(loaded.data):
        message = f"this is a pack manifest, not a brief; build it with `briefgen pack {loaded.path}`"
    elif expected == "pack" and isinstance(loaded.data, dict) and "items" not in loaded.data \
            and any(key in loaded.data for key in _BRIEF_KEYS):
        message = f"this is a brief, not a pack manifest; build it with `briefgen build {loaded.path}`"
    else:
        return
    raise ContentError([loaded.problem((), message)])


Check = Callable[[Loaded], list[Problem]]


def validate_brief(loaded: Loaded, checks: Sequence[Check] = ()) -> Validated:
    """Validate a loaded brief; raise :class:`ContentError` listing every problem.

    ``checks`` are further checks of the raw data that later stages supply (the markings a
    layout knows); their problems are reported with the others, and their warnings kept.
    """
    _require_mapping(loaded, "brief")
    _wrong_kind(loaded, "brief")
    brief, problems = _schema_problems(loaded, Brief)
    known, duplicates = _source_ids(loaded)
    problems += duplicates
    problems += _reference_problems(loaded, known)
    problems += _likelihood_problems(loaded)
    problems += _language_problems(loaded)
    problems += _figure_problems(loaded, known)
    problems += filter(None, [marking_problem(loaded, loaded.data.get("classification"))])
    extra = [problem for check in checks for problem in check(loaded)]
    problems += [problem for problem in extra if not problem.is_warning]
    if problems:
        raise ContentError(_unique(problems))
    brief, warnings = advice(loaded, brief)
    return Validated(brief, loaded, _unique([*warnings, *(problem for problem in extra if problem.is_warning)]))


def validate_pack(loaded: Loaded) -> Validated:
    """Validate a loaded pack manifest's own fields (items are checked by the pack stage)."""
    _require_mapping(loaded, "pack manifest")
    _wrong_kind(loaded, "pack")
    pack, problems = _schema_problems(loaded, Pack)
    problems += filter(None, [marking_problem(loaded, loaded.data.get("classification"))])
    if problems:
        raise ContentError(_unique(problems))
    return Validated(pack, loaded, [])


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def brief_id_of(path: str | Path, text: str | None = None) -> str | None:
    """The output id a brief file (or ``text``) would build under, or None when it cannot be read."""
    from briefgen.content.load import load_text

    try:
        data = load_text(str(path), text).data if text is not None else load_file(path).data
    except ContentError:
        return None
    explicit = data.get("id") if isinstance(data, dict) else None
    return explicit if isinstance(explicit, str) else slugify(Path(path).stem)


def load_brief(path: str | Path, checks: Sequence[Check] = ()) -> Validated:
    """Load and validate one brief file (with the further ``checks`` of :func:`validate_brief`)."""
    return validate_brief(load_file(path), checks)

