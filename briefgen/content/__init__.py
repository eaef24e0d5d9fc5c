"""Content: loading YAML with line marks, the typed model, validation, inline markup, scales."""
