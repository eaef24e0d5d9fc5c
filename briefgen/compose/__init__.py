"""Compose: Jinja2 templates turn a validated brief into the block description, and passes over that tree."""
