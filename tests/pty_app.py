"""Run the real jury-tui in a pseudo-terminal and read its screen with pyte.

Used by the signal tests and the crash harness: the app is a separate
process, so it can be killed (SIGKILL, SIGTERM, SIGHUP) like a real one.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyte

# sequences pyte does not understand (OSC pointer shape, mode queries, kitty keys)
_UNSUPPORTED = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[\?\d+\$p|\x1b\[[<>=]\d*u")
_COMPLETE = re.compile(rb"\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)|\[[0-9;?<>=$]*[ -/]*[@-~]|[^\[\]])")

_RAW_LOG = os.environ.get("JURY_TUI_PTY_LOG", "")

KEYS = {"enter": "\r", "down": "\x1b[B", "up": "\x1b[A", "escape": "\x1b", "tab": "\t"}


class PtyApp:
    def __init__(self, workspace: Path, config: Path, columns: int = 100, lines: int = 30, *,
                 env: dict[str, str] | None = None, entry: list[str] | None = None) -> None:
        """``env`` adds variables to the app's environment; ``entry`` replaces ``-m jury_tui`` (a wrapper script)."""
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self.stale = False  # set when the emulator failed: what it shows may be out of date
        master, slave = pty.openpty()
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "JURY_TUI_CONFIG_DIR": str(config), "TERM": "xterm-256color",
               "COLUMNS": str(columns), "LINES": str(lines), "JURY_TUI_LANG": "fr", **(env or {})}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, *(entry or ["-m", "jury_tui"]), "--workspace", str(workspace)],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        carry = b""
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            if _RAW_LOG:
                with open(_RAW_LOG, "ab") as raw:
                    raw.write(data)
            data = carry + data
            # hold back a sequence cut at the end of this read
            cut = data.rfind(b"\x1b")
            if cut >= 0 and not _COMPLETE.match(data, cut):
                data, carry = data[:cut], data[cut:]
            else:
                carry = b""
            with self._lock:
                try:
                    self.stream.feed(_UNSUPPORTED.sub(b"", data))
                except Exception:  # noqa: BLE001 - pyte chokes on a rare sequence
                    # the emulated screen may now be stale: say so, and start a fresh parser
                    self.stale = True
                    self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0, nudge: bool = False) -> None:
        """Wait until ``needle`` is on screen.  With ``nudge``, press an unbound key (F9)
        every few seconds meanwhile: on a loaded machine a table's rows were once seen
        to wait for the next input event before being drawn."""
        deadline = time.monotonic() + timeout
        next_nudge = time.monotonic() + 3.0
        while needle not in self.text():
            if nudge and time.monotonic() > next_nudge:
                os.write(self.master, b"\x1b[20~")
                next_nudge = time.monotonic() + 3.0
            if self.process.poll() is not None:
                raise AssertionError(f"app exited ({self.process.returncode}) waiting for {needle!r}:\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {needle!r}; screen:\n{self.text()}")
            time.sleep(0.02)

    def send(self, *keys: str, pause: float = 0.05) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode("utf-8"))
            time.sleep(pause)

    def open_candidate(self, downs: int, timeout: float = 60.0) -> None:
        """From the start to a candidate's sheet (generous waits: the machine may be shared and loaded)."""
        self.wait_for("2026-12-14", timeout, nudge=True)
        self.send("enter")
        self.wait_for("Qui êtes-vous", timeout)
        self.send("enter")
        self.wait_for("C005", timeout, nudge=True)
        self.send(*["down"] * downs, "enter")
        self.wait_for("Chrono", timeout)

    def kill(self, sig: int = signal.SIGKILL) -> int:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass
        return self.wait()

    def wait(self, timeout: float = 20.0) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        try:
            os.close(self.master)
        except OSError:
            pass
