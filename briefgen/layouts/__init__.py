"""Layouts: the shipped layout folders (data, beside this code) and the code that finds, merges and checks them.

``base/``, ``one-page/``, ``long-form/`` and ``pack/`` are layout folders, not Python
packages: everything about how a product looks. :mod:`briefgen.layouts.layout` resolves
and merges them; :mod:`briefgen.layouts.check` checks them like content.
"""

from pathlib import Path

BUILTIN_LAYOUTS = Path(__file__).resolve().parent
