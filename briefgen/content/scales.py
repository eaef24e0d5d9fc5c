"""Likelihood scales of the content format: ICD-203 (US) and the PHIA yardstick (UK).

A scale is data: ordered bands, each with its printed label, its probability range and
the words that name it. Lookups are case-insensitive. The English terms are the content
format's vocabulary; a brief in another language may also use the terms its catalog gives
them (``msgctxt "likelihood ICD-203"``), and prints them in its language either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.catalogs import translated_terms


@dataclass(frozen=True)
class Band:
    """One band of a likelihood scale."""

    label: str
    low: int
    high: int
    band_text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    """A named likelihood scale: ordered bands from least to most likely."""

    name: str
    title: str
    bands: tuple[Band, ...]

    def lookup(self, term: str, language: str = "en") -> Band | None:
        """Return the band a term names, or None when the term is not on this scale. A brief may write
        the scale's English terms or, in its own language, the terms its shipped catalog gives them."""
        wanted = " ".join(term.lower().split())
        wanted = translated_terms(self.name, language).get(wanted, wanted)
        for band in self.bands:
            if wanted in band.terms:
                return band
        return None

    def terms(self) -> list[str]:
        """Every accepted term, in scale order."""
        return [term for band in self.bands for term in band.terms]


ICD_203 = Scale(
    "ICD-203",
    "ICD-203 estimative language (US Intelligence Community Directive 203)",
    (
        Band("almost no chance", 1, 5, "01–05%", ("almost no chance", "remote")),
        Band("very unlikely", 5, 20, "05–20%", ("very unlikely", "highly improbable")),
        Band("unlikely", 20, 45, "20–45%", ("unlikely", "improbable")),
        Band("roughly even chance", 45, 55, "45–55%", ("roughly even chance", "roughly even odds")),
        Band("likely", 55, 80, "55–80%", ("likely", "probable")),
        Band("very likely", 80, 95, "80–95%", ("very likely", "highly probable")),
        Band("almost certain", 95, 99, "95–99%", ("almost certain", "nearly certain")),
    ),
)

PHIA = Scale(
    "PHIA",
    "PHIA probability yardstick (UK Professional Head of Intelligence Assessment)",
    (
        Band("remote chance", 0, 5, "≈0–5%", ("remote chance",)),
        Band("highly unlikely", 10, 20, "≈10–20%", ("highly unlikely",)),
        Band("unlikely", 25, 35, "≈25–35%", ("unlikely",)),
        Band("realistic possibility", 40, 50, "≈40–50%", ("realistic possibility",)),
        Band("likely or probable", 55, 75, "≈55–75%", ("likely or probable", "likely", "probable")),
        Band("highly likely", 80, 90, "≈80–90%", ("highly likely",)),
        Band("almost certain", 95, 100, "≈95–100%", ("almost certain",)),
    ),
)

SCALES: dict[str, Scale] = {ICD_203.name: ICD_203, PHIA.name: PHIA}
