"""Names every stage shares, defined once: the products, the papers and the PDF standards.

Nothing here imports anything, so the command line can offer the choices without loading
ReportLab, and a stage can name them without importing another stage.
"""

from __future__ import annotations

PRODUCTS = ("one-page", "long-form")  # the layouts a brief is built in by default, in build order
PAPER_SIZES = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}  # width and height in points
PAPERS = tuple(PAPER_SIZES)
PDF_STANDARDS = ("ua1-a2u", "none")  # --pdf-standard: PDF/UA-1 with PDF/A-2u (the default), or untagged
DEFAULT_STANDARD, UNTAGGED = PDF_STANDARDS
