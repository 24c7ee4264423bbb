"""Allow ``python -m jury_tui``."""

from jury_tui.cli import main

if __name__ == "__main__":
    main()
