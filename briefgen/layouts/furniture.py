"""Furniture: every word briefgen prints that is not content, in the brief's language.

Messages are English (the ``msgid`` of gettext) where they are used: in the templates
(``{{ _("Key points") }}``, ``{% trans %}``), in a layout's ``layout.yaml`` (running heads, the
one-pager's omission note, the pack's blank-page note) and in the few alt texts made in Python. Their
translations come, the first that has one winning, from

1. the layout's ``strings:`` in ``layout.yaml``, by language (``strings: {fr: {"Key points": "L'essentiel"}}``,
   a list for a plural message), child layout first;
2. a catalog in a layout folder, ``locale/<lang>/LC_MESSAGES/briefgen.po``, child layout first
   (the base layout's are the catalogs briefgen ships);
3. the English message itself.

A language whose catalogs leave messages of the template ``briefgen.pot`` untranslated prints
those in English; :attr:`Furniture.missing` lists them for the one warning a build gives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from briefgen.content.catalogs import Key, Messages, catalog_folder, locale_names, read_catalog, template_ids
from briefgen.content.typography import primary_subtag
from briefgen.layouts.layout import Layout
from briefgen.memo import Memo, identity_of

log = logging.getLogger(__name__)


@dataclass
class Furniture:
    """The furniture of one layout in one language: gettext's functions over the layered catalogs."""

    language: str
    layers: list[Messages] = field(default_factory=list)
    has_catalog: bool = True

    def gettext(self, message: str, context: str | None = None) -> str:
        """``message`` in the language (English when no layer translates it)."""
        key = (context, message)
        for layer in self.layers:
            found = layer.singular.get(key)
            if found is not None:
                return found
        return message

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        """The form of a plural message for ``n`` (``{n} quote`` / ``{n} quotes``)."""
        key = (context, singular)
        for layer in self.layers:
            forms = layer.plural.get(key)
            if forms:
                return forms[min(layer.plural_index(n), len(forms) - 1)]
            if key in layer.singular:  # a layout's strings may give one form for every number
                return layer.singular[key]
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in a context (``confidence``, ``likelihood ICD-203``)."""
        return self.gettext(message, context)

    @property
    def missing(self) -> tuple[str, ...]:
        """Messages of the template that no layer translates (none for English), as a warning names them:
        ``"Key points"``, ``"likely" (likelihood ICD-203)``."""
        if primary_subtag(self.language) == "en":
            return ()
        return tuple(f'"{msgid}"' + (f" ({context})" if context else "") for context, msgid in template_ids()
                     if not any((context, msgid) in layer for layer in self.layers))


def _strings_layer(layout: Layout, language: str) -> Messages | None:
    """A layout's ``strings:`` for the language (its most specific tag that has some)."""
    table = layout.get("strings", default={}) or {}
    for name in [language, *locale_names(language)]:
        given = table.get(name) or table.get(name.replace("_", "-"))
        if isinstance(given, dict):
            singular: dict[Key, str] = {}
            plural: dict[Key, tuple[str, ...]] = {}
            for message, text in given.items():
                context, _, msgid = str(message).rpartition("|") if "|" in str(message) else (None, "", str(message))
                if isinstance(text, list):
                    plural[(context or None, msgid)] = tuple(str(form) for form in text)
                else:
                    singular[(context or None, msgid)] = str(text)
            return Messages(language, singular, plural, _plural_of(language, plural))
    return None


def _plural_of(language: str, plural: dict[Key, tuple[str, ...]]) -> Any:
    """The plural rule for a layout's own plural strings: the shipped catalog's, else ``n != 1``."""
    from briefgen.content.catalogs import shipped_catalog

    shipped = shipped_catalog(language)
    return shipped.plural_index if shipped is not None else (lambda n: int(n != 1))


_FURNITURE: Memo[tuple[Layout, Furniture]] = Memo(
    "furniture", holds="a layout's furniture in one language", bound=64,
    key="Layout (new when its files change), language, the identity of the catalog files found")


def furniture(layout: Layout, language: str) -> Furniture:
    """The furniture of ``layout`` in ``language`` (kept while the layout and its catalogs are unchanged)."""
    paths = tuple(path for folder in layout.folders for name in locale_names(language)
                  for path in [catalog_folder(folder / "locale", name)] if path.is_file())
    key = (id(layout), language, identity_of(paths))
    found = _FURNITURE.get(key)
    if found is None or found[0] is not layout:  # an id reused by a layout read again
        layers = [layer for layer in [_strings_layer(layout, language)] if layer is not None]
        layers += [read_catalog(path) for path in paths]
        log.debug("furniture %s/%s: %d layers", layout.name, language, len(layers))
        found = _FURNITURE[key] = (layout, Furniture(language, layers, has_catalog=bool(paths)))
    return found[1]
