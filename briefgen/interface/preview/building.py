"""One build for the preview, in memory: a brief in one product, or a pack, on one paper.

The same stages as ``briefgen build`` and ``briefgen pack`` (validate, compose, fit, render,
tag), minus the writing: nothing goes to ``output/`` or anywhere else on disk. Problems are
raised as by those commands; :class:`~briefgen.interface.preview.session.Session` turns them
into lines on the page.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content import inline
from briefgen.content.validate import load_brief
from briefgen.layouts.layout import load_layout
from briefgen.products.build import build_brief
from briefgen.products.jobs import figure_files, omission_messages
from briefgen.rendering.text import omission_note

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one build gave: the PDF (None when it failed), its messages and the files it drew in."""

    pdf: bytes | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    note: str | None = None  # the omission note's text as printed, to find it on the page
    title: str = ""
    inputs: frozenset[Path] | None = None  # the files besides the source a save of which rebuilds
    times: dict[str, float] = field(default_factory=dict)


def build_brief_view(source: Path, product: str, paper: str) -> Outcome:
    """Build ``source`` as ``product`` on ``paper``; the one-pager's omissions listed as ``PATH:LINE: …`` lines."""
    started = time.perf_counter()
    validated = load_brief(source)
    loaded = time.perf_counter()
    built = build_brief(validated, product, paper)
    done = time.perf_counter()
    note = None
    if built.summary:
        note = omission_note(load_layout(product).get("fitting", default={}) or {}, built.summary)
    return Outcome(built.pdf, [], [str(w) for w in (*validated.warnings, *built.warnings)],
                   [message.text for message in omission_messages(validated, built.omitted)], note,
                   inline.plain(validated.model.title, validated.model.language),
                   frozenset(path.resolve() for path in figure_files(validated)),
                   {"load": loaded - started, "build": done - loaded})


def build_pack_view(manifest: Path, paper: str) -> Outcome:
    """Build the pack ``manifest`` describes on ``paper``, every item in this process."""
    from briefgen.products.pack import assemble_pack, check_pack, render_items

    started = time.perf_counter()
    pack, items, marking = check_pack(manifest)
    checked = time.perf_counter()
    warnings = render_items(items, paper)
    pdf, _ = assemble_pack(pack, items, marking, paper)
    done = time.perf_counter()
    inputs = {Path(item.brief.loaded.path).resolve() for item in items}
    inputs |= {path.resolve() for item in items for path in figure_files(item.brief)}
    return Outcome(pdf, [], [str(w) for w in warnings], [], None, inline.plain(pack.model.title),
                   frozenset(inputs), {"load": checked - started, "build": done - checked})
