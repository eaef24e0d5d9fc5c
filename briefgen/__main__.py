"""Allow ``python -m briefgen``."""

from briefgen.interface.cli import main

raise SystemExit(main())
