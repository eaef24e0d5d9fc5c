"""gettext catalogs (``.po``) read as they are shipped: the words briefgen prints that are not content.

A catalog is read directly with Babel's ``.po`` reader (no compiled ``.mo``): the file a translator
edits in Poedit or Weblate is the file briefgen reads, ``pip install .`` ships it as package data,
and nothing has to be compiled at set-up. Reading a catalog of ~150 messages takes a few
milliseconds and is kept per file identity (:data:`briefgen.memo`'s "catalogs").

The shipped catalogs live in the base layout, ``briefgen/layouts/base/locale/<lang>/LC_MESSAGES/
briefgen.po``, with the template ``briefgen.pot`` beside them (``make catalogs`` extracts it from
the templates, the Python and the layouts' ``layout.yaml``). The layouts stage layers a layout's own
catalogs and ``strings:`` over them (:mod:`briefgen.layouts.furniture`); this module only reads files,
and tells validation which likelihood words a language's catalog gives (``probable`` for ``likely``).
"""

from __future__ import annotations

import gettext
import re
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.memo import memoized

log = logging.getLogger(__name__)

DOMAIN = "briefgen"
# The shipped catalogs: data of the base layout (content may not import the layouts stage, so the
# folder is named here; it is package data like every layout file).
SHIPPED = Path(__file__).resolve().parent.parent / "layouts" / "base" / "locale"
TEMPLATE = SHIPPED / f"{DOMAIN}.pot"

Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass(frozen=True)
class Messages:
    """One catalog: translated singular messages, plural messages (every form) and the plural rule."""

    language: str
    singular: dict[Key, str] = field(default_factory=dict)
    plural: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = lambda n: int(n != 1)

    def __contains__(self, key: object) -> bool:
        return key in self.singular or key in self.plural


def catalog_folder(root: Path, language: str) -> Path:
    """Where a catalog for ``language`` (a gettext locale name, ``zh_Hans``) is under ``root``."""
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@memoized("catalogs", holds="a .po catalog's messages", key="the file's identity", bound=64,
          files=lambda path: (path,))
def read_catalog(path: Path) -> Messages:
    """The translated messages of one ``.po`` file (entries left empty or fuzzy are not translations)."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle, ignore_obsolete=True)
    singular: dict[Key, str] = {}
    plural: dict[Key, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        context = message.context or None
        if isinstance(message.id, (tuple, list)):
            forms = tuple(str(form) for form in (message.string or ()))
            if forms and all(forms):
                plural[(context, str(message.id[0]))] = forms
        elif message.string:
            singular[(context, str(message.id))] = str(message.string)
    rule = _plural_rule(catalog.plural_expr)
    log.debug("catalog %s: %d messages, %d plural", path, len(singular), len(plural))
    return Messages(str(catalog.locale or path.parent.parent.name), singular, plural, rule)


def _plural_rule(expression: str | None) -> Callable[[int], int]:
    """The catalog's ``Plural-Forms`` expression as a function (gettext's own parser, no eval)."""
    try:
        return gettext.c2py(expression or "(n != 1)")  # type: ignore[attr-defined,no-any-return]
    except (ValueError, SyntaxError):
        log.warning("plural expression %r not understood; using n != 1", expression)
        return gettext.c2py("(n != 1)")  # type: ignore[attr-defined,no-any-return]


def template_ids() -> tuple[Key, ...]:
    """Every message of the template ``briefgen.pot``: what a complete catalog translates."""
    messages = _template(TEMPLATE)
    return messages


@memoized("catalog template", holds="the message keys of briefgen.pot", key="the file's identity", bound=2,
          files=lambda path: (path,))
def _template(path: Path) -> tuple[Key, ...]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return tuple((message.context or None, str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id))
                 for message in catalog if message.id)


def shipped_languages() -> tuple[str, ...]:
    """The languages briefgen ships a catalog for, as BCP 47 tags (``en`` needs none: it is the source)."""
    found = sorted(folder.parent.parent.name for folder in SHIPPED.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return ("en", *(name.replace("_", "-") for name in found))


def locale_names(language: str) -> list[str]:
    """gettext locale names to try for a BCP 47 tag, most specific first: ``zh-Hans-CN`` → ``zh_Hans_CN``,
    ``zh_Hans``, ``zh``. Chinese without a script is simplified unless its region writes traditional."""
    parts = language.replace("_", "-").split("-")
    base = parts[0].lower()
    if base == "zh":
        rest = [part.title() if len(part) == 4 else part for part in parts[1:]]
        script = next((part for part in rest if len(part) == 4),
                      "Hant" if any(part.upper() in ("TW", "HK", "MO") for part in rest) else "Hans")
        parts = ["zh", script, *[part for part in rest if len(part) != 4]]
    names = ["_".join(parts[:end]) for end in range(len(parts), 0, -1)]
    names[-1] = base
    return list(dict.fromkeys(names))


def shipped_catalog(language: str) -> Messages | None:
    """The shipped catalog for a BCP 47 tag, or None (English, or a language with none)."""
    for name in locale_names(language):
        path = catalog_folder(SHIPPED, name)
        if path.is_file():
            return read_catalog(path)
    return None


def translated_terms(scale: str, language: str) -> dict[str, str]:
    """A scale's likelihood words in the language's shipped catalog, lower-cased: translated term → English
    term (``{"probable": "likely", …}`` for French, ICD-203). Empty for English and uncatalogued languages."""
    messages = shipped_catalog(language)
    if messages is None:
        return {}
    return {" ".join(text.lower().split()): msgid for (context, msgid), text in messages.singular.items()
            if context == f"likelihood {scale}"}


LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def known_language(language: str) -> bool:
    """Whether CLDR (Babel) knows the language of a BCP 47 tag: its dates, numbers and names can be printed."""
    base = language.split("-")[0].lower()
    if base in ("en", *(tag.split("-")[0] for tag in shipped_languages())):
        return True  # without importing Babel: most briefs are in a language briefgen ships
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return False
    return True
