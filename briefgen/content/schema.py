"""JSON Schema for briefs and pack manifests, generated from the typed model.

The repository ships the result in ``schema/``; a test keeps the files in step with the
model. YAML-aware editors validate and complete as people type when a brief starts with
``# yaml-language-server: $schema=../schema/brief.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from briefgen.content.model import Brief, Pack

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema(pack: bool = False) -> dict[str, Any]:
    """The JSON Schema of a brief, or of a pack manifest."""
    model = Pack if pack else Brief
    result = model.model_json_schema(mode="validation")
    kind = "pack manifest" if pack else "brief"
    result.pop("description", None)
    result.pop("title", None)
    return {"$schema": SCHEMA_URL, "title": f"briefgen {kind}, content format version 1.2", **result}


def schema_text(pack: bool = False) -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(schema(pack), indent=2, ensure_ascii=False, sort_keys=False)
