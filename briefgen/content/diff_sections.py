"""How the sections of a brief are read and their items paired: accessors that read either content
version (1.1, or 1.2 where sections may be absent and a prose item may be ``{text, marking, caveats}``),
and, for each section whose items have an identity, the key that pairs them, the likeness that pairs
them when the key changed, and the fields compared.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from briefgen.content.diff_match import SIMILAR, identity, plain_text, similarity
from briefgen.content.load import FieldPath

MARKINGS = ("marking", "caveats")


def get_field(item: Any, name: str) -> Any:
    """A field of a model or mapping; None when this content version has no such field."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def prose_text(item: Any) -> str:
    """The words of a prose item: text, or the ``text`` of a ``{text, marking, caveats}`` mapping."""
    if item is None or isinstance(item, str):
        return item or ""
    return str(get_field(item, "text") or "")


def as_list(value: Any) -> list[Any]:
    """A section's items as a list: none when absent, a lone text or mapping as one item."""
    if value is None:
        return []
    return [value] if isinstance(value, (str, dict, BaseModel)) else list(value)


@dataclass(frozen=True)
class ItemSpec:
    """How one section's items are paired, named and compared."""

    section: str
    path: FieldPath
    key: Callable[[Any], Hashable]
    key_name: str
    label: Callable[[Any], str]
    text: Callable[[Any], str | None]
    fields: tuple[str, ...]
    lists: tuple[str, ...] = ()
    similar: Callable[[Any, Any], float] | None = None
    similar_name: str | Callable[[Any, Any], str] | None = None
    headline: tuple[str, ...] = ()  # fields an added or removed item reports (a new scenario's likelihood)


def _quote_likeness(old: Any, new: Any) -> float:
    """The same speaker with similar words (an edited quote), or the same words given another speaker."""
    if identity(old.speaker) == identity(new.speaker):
        return similarity(old.text, new.text)
    return 0.99 if identity(old.text) == identity(new.text) else 0.0


def _quote_how(old: Any, new: Any) -> str:
    return "speaker and similar words" if identity(old.speaker) == identity(new.speaker) else "words"


def _likeness(name: str, body: tuple[str, ...]) -> Callable[[Any, Any], float]:
    """A renamed actor or retitled scenario: a similar name *and* a similar body (motives, description)."""
    def score(old: Any, new: Any) -> float:
        words = [" ".join(prose_text(x) for part in body for x in as_list(get_field(item, part))) for item in (old, new)]
        if not all(words):
            return 0.0  # nothing but the name to go by: a new name is a new item
        named, bodied = similarity(get_field(old, name), get_field(new, name)), similarity(*words)
        return (named + bodied) / 2 if min(named, bodied) >= SIMILAR else 0.0
    return score


ITEMS = {
    "timeline": ItemSpec("timeline", ("timeline",), lambda e: (e.date, identity(e.text)), "date and text",
                       lambda e: e.date, lambda e: e.text, ("date", "text", "sources", *MARKINGS),
                       similar=lambda a, b: similarity(a.text, b.text), similar_name="similar text"),
    "key_quotes": ItemSpec("key_quotes", ("key_quotes",), lambda q: (identity(q.speaker), identity(q.text)),
                         "speaker and words", lambda q: plain_text(q.speaker), lambda q: q.text,
                         ("speaker", "text", "role", "date", "context", "source", "priority", "note", "original",
                          *MARKINGS),
                         similar=_quote_likeness, similar_name=_quote_how),
    "actors": ItemSpec("actors", ("actors",), lambda a: identity(a.name), "name", lambda a: plain_text(a.name),
                     lambda a: a.stance, ("name", "stance", "priority", *MARKINGS), ("motives", "constraints", "levers"),
                     similar=_likeness("name", ("stance", "motives", "constraints", "levers")), similar_name="similar name"),
    "outlook.scenarios": ItemSpec("outlook.scenarios", ("outlook", "scenarios"), lambda s: identity(s.title), "title",
                                lambda s: plain_text(s.title), lambda s: s.description,
                                ("title", "likelihood", "description", *MARKINGS), ("indicators",), headline=("likelihood",),
                                similar=_likeness("title", ("description", "indicators")), similar_name="similar title"),
    "sources": ItemSpec("sources", ("sources",), lambda s: s.id, "id", lambda s: s.id, lambda s: s.title,
                      ("title", "publisher", "author", "date", "url", "accessed", "note")),
    "figures": ItemSpec("figures", ("figures",), lambda f: f.id, "id", lambda f: f.id, lambda f: f.caption,
                      ("image", "chart", "caption", "credit", "alt", "source", "after", "priority", *MARKINGS)),
}
