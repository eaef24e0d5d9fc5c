"""Allow ``python -m briefgen``."""

from briefgen.interface.cli import run

run()
