"""Allow ``python -m jury_tui``."""

from jury_tui.cli import main

main()
