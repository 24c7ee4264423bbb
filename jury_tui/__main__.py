"""Allow ``python -m jury_tui``."""

from jury_tui.launch import main

if __name__ == "__main__":
    main()
