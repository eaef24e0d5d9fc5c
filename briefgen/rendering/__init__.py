"""Render: a registry maps block types to ReportLab flowables; the document and its page furniture."""
