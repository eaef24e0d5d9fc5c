"""Text: fonts, scripts, hyphenation, paragraph styles, and shaping and line breaking in ReportLab."""
