"""Every block type with its renderer: the registry filled, and the entry the products stage calls.

Each family module registers its block types with ``@renders`` when it is imported; this
module imports them all, so :func:`build_story` imported from here knows every block. See
docs/blocks.md for the block description they render.
"""

from briefgen.rendering import columns, figures, tables, text  # noqa: F401 - each registers its block types
from briefgen.rendering.context import RENDERERS, build_story

__all__ = ["RENDERERS", "build_story"]
