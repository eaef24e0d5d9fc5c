"""Generated briefs of any size, for fitting, fuzzing and benchmarks."""

from __future__ import annotations

from typing import Any

WORDS = ("policy talks envoy summit channel pressure signal sanctions allies statement delegation "
         "deadline guarantee monitoring leadership assessment dialogue outcome region coalition").split()


def sentence(seed: int, words: int = 18) -> str:
    """A deterministic pseudo-sentence."""
    chosen = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(seed: int, sentences: int = 4) -> str:
    """A deterministic pseudo-paragraph."""
    return " ".join(sentence(seed + i) for i in range(sentences))


def dense_brief(paragraphs: int = 60, quotes: int = 40, actors: int = 12, events: int = 30, scenarios: int = 7,
                summary_words: int = 60, key_points: int = 8) -> dict[str, Any]:
    """A brief with the given numbers of items; every source resolves."""
    terms = ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
             "almost certain"]
    return {
        "title": "Dense brief for fitting tests",
        "subtitle": "Generated content",
        "date": "2025-05-01",
        "classification": "OFFICIAL",
        "organization": "Test desk",
        "summary": " ".join(sentence(i, 12) for i in range(max(1, summary_words // 12))),
        "key_points": [sentence(i, 14) for i in range(key_points)],
        "background": [paragraph(i) + " [@s1]" for i in range(paragraphs)],
        "timeline": [{"date": f"{2000 + i % 25}-{1 + i % 12:02d}", "text": sentence(i, 10), "sources": ["s1"]}
                     for i in range(events)],
        "key_quotes": [{"text": sentence(i, 25), "speaker": f"Speaker {i}", "role": "Official", "source": "s1",
                        "priority": 1 if i == 0 else 2 + i % 4} for i in range(quotes)],
        "actors": [{"name": f"Actor {i}", "stance": sentence(i, 6), "priority": 1 + i % 5,
                    "motives": [sentence(i + j, 9) for j in range(3)], "constraints": [sentence(i, 7)],
                    "levers": [sentence(i + 1, 7)]} for i in range(actors)],
        "outlook": {"summary": paragraph(3, 2), "horizon": "next year", "confidence": "low",
                    "scenarios": [{"title": f"Scenario {i}", "likelihood": terms[i % 7], "description": sentence(i),
                                   "indicators": [sentence(i, 6)]} for i in range(scenarios)],
                    "indicators": [sentence(i, 8) for i in range(4)]},
        "implications": [sentence(i, 12) for i in range(5)],
        "sources": [{"id": "s1", "title": "A source", "publisher": "Publisher", "date": "2025-04",
                     "url": "https://example.org/s1", "accessed": "2025-04-02"}],
    }
