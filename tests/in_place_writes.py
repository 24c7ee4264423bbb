"""Run jury-tui with a broken write path: sheets rewritten IN PLACE (truncate, then write), not atomically.

Test-only wrapper used to show that the crash harness catches such a write
path (tests/test_crash.py): ``python tests/in_place_writes.py --workspace WS``.
The write pauses between the two halves when ``JURY_TUI_TEST_WRITE_DELAY`` is
set, as the real one does, so a kill can land while the file is half written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jury_tui.domain.sheet import files
from jury_tui.domain.storage import durable


def write_in_place(path: Path, data: bytes | str, *, mode: int = durable.FILE_MODE) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    durable.ensure_private_dir(Path(path).parent)
    with open(path, "wb") as handle:  # truncates the previous version at once
        os.fchmod(handle.fileno(), mode)
        durable.write_in_two_halves(handle, payload)
        handle.flush()
        os.fsync(handle.fileno())


durable.write_atomic = write_in_place
files.write_atomic = write_in_place

if __name__ == "__main__":
    from jury_tui.cli import main

    sys.argv[0] = "jury-tui"
    main()
