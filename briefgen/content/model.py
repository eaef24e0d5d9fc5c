"""The typed model of content format version 1.2: briefs and pack manifests.

Field names, types and meanings follow ``content-format.md``; the JSON Schema shipped in
``schema/`` is generated from these classes (``briefgen schema``). Checks that need more
than one field (citations, likelihood terms, markings) live in :mod:`briefgen.content.validate`.
"""

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema

SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_text(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
    return value


def _scalar_to_str(value: object) -> object:
    # YAML reads `title: 1984` as a number; in a text field the author meant the words.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _full_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value.strip()!r} is not a real date ({exc})") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def _partial_date(value: object) -> str:
    if isinstance(value, dt.datetime):
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    numbers = [int(part) for part in text.split("-")] + [1, 1]
    try:
        dt.date(numbers[0], numbers[1], numbers[2])
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return text


Text = Annotated[str, BeforeValidator(_scalar_to_str), AfterValidator(_check_text)]
Line = Annotated[str, BeforeValidator(_scalar_to_str), AfterValidator(_check_text)]
Slug = Annotated[str, Field(pattern=SLUG)]
# A chart's category label: YAML reads 2024-01-15 as a date, the author meant the label.
XLabel = Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, dt.date) else _scalar_to_str(v)),
                   AfterValidator(_check_text)]
Date = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
    ),
]
Background = Annotated[
    list[Text],
    BeforeValidator(lambda value: [value] if isinstance(value, str) else value),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "text, or a list of text (one item a paragraph)",
        }
    ),
]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Priority = Annotated[int, Field(ge=1, le=5, strict=True)]


class Model(BaseModel):
    """Base for content models: unknown keys are errors; values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


TLP = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
Caveats = list[Line]


class MarkedText(str):
    """Prose with its portion marking: a ``str`` everywhere text is used, with ``marking`` and ``caveats``
    (from ``{text, marking, caveats}``), and ``portion``, the mark printed before it (set at build time)."""

    marking: str | None = None
    caveats: tuple[str, ...] = ()
    portion: str = ""

    def __new__(cls, text: str, marking: str | None = None, caveats: tuple[str, ...] = (), portion: str = "") -> "MarkedText":
        made = super().__new__(cls, text)
        made.marking, made.caveats, made.portion = marking, tuple(caveats), portion
        return made

    def __bool__(self) -> bool:  # a figure without a caption still prints its portion mark
        return len(self) > 0 or bool(self.portion)

    def __reduce__(self) -> Any:  # pickled across build workers with its marking
        return (MarkedText, (str(self), self.marking, self.caveats, self.portion))


class Portion(Model):
    """A prose item written as a mapping: its text and its portion marking."""

    text: Text
    marking: Line | None = None
    caveats: Caveats = []


_PORTION_KEYS = {"text", "marking", "caveats"}


def _prose_kind(value: Any) -> str:
    # A mapping is a marked item only when it uses the keys of one: `- Note: words` stays the
    # "text that contains ': ' must be in quotes" mistake it always was.
    return "<marked>" if isinstance(value, dict) and _PORTION_KEYS & set(value) else "<text>"


def _as_marked(value: Any) -> Any:
    if isinstance(value, Portion):
        return MarkedText(value.text, value.marking, tuple(value.caveats))
    return value


Prose = Annotated[
    Union[Annotated[Text, Tag("<text>")], Annotated[Portion, Tag("<marked>")]],
    Discriminator(_prose_kind),
    AfterValidator(_as_marked),
]
_PORTION_SCHEMA = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "marking": {"type": "string"},
                   "caveats": {"type": "array", "items": {"type": "string"}}},
}
ProseList = Annotated[
    list[Prose],
    BeforeValidator(lambda value: [value] if isinstance(value, (str, dict)) else value),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, _PORTION_SCHEMA,
                      {"type": "array", "items": {"anyOf": [{"type": "string"}, _PORTION_SCHEMA]}}],
            "description": "text, or a list of text (one item a paragraph); an item may be {text, marking, caveats}",
        }
    ),
]


class Source(Model):
    """An entry in the brief's source list."""

    id: Slug
    title: Text
    publisher: Line | None = None
    author: Line | None = None
    date: PartialDate | None = None
    url: Url | None = None
    accessed: Date | None = None
    note: Text | None = None


class Event(Model):
    """A dated timeline event."""

    date: PartialDate
    text: Text
    sources: list[Slug] = []
    marking: Line | None = None  # a portion marking (content format 1.2)
    caveats: Caveats = []


class Original(Model):
    """A quote's words in the language they were spoken or published in."""

    text: Text
    lang: LanguageTag


class Quote(Model):
    """A verbatim quote with its attribution."""

    text: Text
    speaker: Line
    role: Line | None = None
    date: PartialDate | None = None
    context: Text | None = None
    source: Slug | None = None
    priority: Priority = 3
    note: Text | None = None
    original: Original | None = None
    marking: Line | None = None  # a portion marking (content format 1.2)
    caveats: Caveats = []


class Actor(Model):
    """An actor with its motives, constraints and levers."""

    name: Line
    stance: Line | None = None
    motives: Annotated[list[Text], Field(min_length=1)]
    constraints: list[Text] = []
    levers: list[Text] = []
    priority: Priority = 3
    marking: Line | None = None  # a portion marking (content format 1.2)
    caveats: Caveats = []


class Scenario(Model):
    """One outlook scenario with its likelihood term."""

    title: Text
    likelihood: Line
    description: Text | None = None
    indicators: list[Text] = []
    marking: Line | None = None  # a portion marking (content format 1.2)
    caveats: Caveats = []


class Outlook(Model):
    """The outlook: a summary, and optionally scenarios and indicators."""

    summary: Prose
    horizon: Line | None = None
    confidence: Literal["low", "moderate", "high"] | None = None
    scenarios: list[Scenario] = []
    indicators: list[Prose] = []  # each may be {text, marking, caveats} (content format 1.2)


class Series(Model):
    """One data series of a chart: a name and one value (or null, a gap) per x label."""

    name: Line
    values: list[float | None]


class Chart(Model):
    """A bar or line chart drawn from data."""

    kind: Literal["bar", "line"]
    x: Annotated[list[XLabel], Field(min_length=1)]
    series: Annotated[list[Series], Field(min_length=1)]
    unit: Line | None = None
    title: Text | None = None


FigureAfter = Literal["summary", "background", "timeline", "key_quotes", "actors", "outlook", "implications"]


class Figure(Model):
    """A photograph, map, diagram or chart, with its caption and credit."""

    id: Slug
    image: Line | None = None
    chart: Chart | None = None
    caption: Text | None = None
    credit: Text | None = None
    alt: Text | None = None
    source: Slug | None = None
    after: FigureAfter = "background"
    priority: Priority = 3
    marking: Line | None = None  # a portion marking (content format 1.2)
    caveats: Caveats = []


class Brief(Model):
    """One brief: the content of a one-page and a long-form edition."""

    id: Slug | None = None
    title: Annotated[Prose, Field(max_length=160)]
    subtitle: Text | None = None
    date: Date
    classification: Line | None = None
    caveats: Caveats = []
    tlp: TLP | None = None
    authors: list[Line] = []
    organization: Line | None = None
    audience: Line | None = None
    tags: list[Line] = []
    likelihood_scale: Literal["ICD-203", "PHIA"] = "ICD-203"
    language: LanguageTag = "en"
    summary: Prose
    key_points: Annotated[list[Prose], Field(min_length=1, max_length=8)] = []
    # Content format 1.2: every section but title, date and summary is optional (a flash note).
    background: ProseList = []
    timeline: list[Event] = []
    key_quotes: list[Quote] = []
    actors: list[Actor] = []
    outlook: Outlook | None = None
    implications: list[Prose] = []
    sources: list[Source] = []
    figures: list[Figure] = []



class PackItem(Model):
    """One item of a pack: a brief and the format to print it in."""

    brief: Line
    format: Literal["one-page", "long-form"]


class Pack(Model):
    """A pack manifest: briefs printed together as one document."""

    id: Slug | None = None
    title: Text
    date: Date
    classification: Line | None = None
    items: Annotated[list[PackItem], Field(min_length=1)]
    duplex: bool = False
    watermark: Line | None = None
    release: Line | None = None
    language: LanguageTag = "en"  # the language of the pack's cover and contents


# Latin letters that Unicode does not decompose to a base letter plus marks.
_LATIN_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                              "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                              "ı": "i", "ŋ": "ng", "Ŋ": "Ng", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
                              "'": "", "’": "", "ʼ": ""})


def slugify(stem: str, default: str = "brief") -> str:
    """Turn a name into a valid id: Latin letters transliterated to ASCII, lower case, hyphens.

    Accents are folded (``Łódź`` → ``lodz``); anything else that is not a letter or digit,
    dashes and other scripts included, separates words (``Egypt–Ethiopia`` → ``egypt-ethiopia``).
    """
    folded = unicodedata.normalize("NFKD", stem.translate(_LATIN_EXTRA))
    ascii_stem = "".join(char if char.isascii() else ("" if unicodedata.combining(char) else " ") for char in folded)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:64].strip("-")
    return slug or default
