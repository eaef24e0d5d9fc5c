"""PDF: the structure tree recorded while drawing, and finishing files as PDF/UA-1 and PDF/A-2u."""
