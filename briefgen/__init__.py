"""briefgen: printable policy briefs and briefing packs from structured YAML.

The pipeline runs in stages, one module each:
load → validate → compose → render → write, and pack for briefing packs.
"""

__version__ = "0.1.0"
