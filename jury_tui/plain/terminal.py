"""Lines in, lines out: the only place the line-by-line mode touches the terminal.

Output is plain text, one ``say`` per line, control characters made visible
(a note holding an escape sequence is printed as ``\\x1b``, never sent).
Nothing moves the cursor, colours text or redraws: what a screen reader or a
braille display follows is exactly what is printed, in order.

Input:

- In a terminal, answers are read with :func:`input` through GNU readline
  when it is available, so the arrows edit the line and recall earlier
  answers, and Tab completes commands and criterion ids.
- Otherwise (a pipe, a file, a juror's own tool) one line is read per
  question and echoed after the prompt, so the output reads as a transcript.

Signals:

- SIGTERM and SIGHUP stop the dialogue at once, carrying what was being
  typed (readline's line buffer) so the caller can save it.
- SIGALRM is how an announcement reaches a juror who sits idle at a prompt:
  it aborts the prompt only when nothing has been typed on the line, so
  typing is never interrupted; otherwise the announcement waits until the
  juror presses Enter.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterable
from types import FrameType, ModuleType
from typing import TextIO

from jury_tui.safe_text import visible


class InputEnded(Exception):
    """The input reached its end (a pipe closed, or Ctrl+D at a prompt)."""


class Stopped(Exception):
    """SIGTERM or SIGHUP: the caller saves (including ``partial``) and leaves."""

    def __init__(self, signum: int, partial: str = "") -> None:
        super().__init__(signum)
        self.signum = signum
        self.partial = partial


class Alarm(Exception):
    """An announcement is due while the juror sits at an empty prompt."""


class LineCancelled(Exception):
    """Ctrl+C at a prompt in a terminal: the line is dropped and the question asked again."""


class LineTerminal:
    """Says lines and asks questions, on a terminal or on plain streams."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None, *,
                 interactive: bool | None = None, use_readline: bool | None = None) -> None:
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        on_tty = _isatty(self.stdin) and _isatty(self.stdout)
        self.interactive = on_tty if interactive is None else interactive
        self._readline: ModuleType | None = None
        if (on_tty if use_readline is None else use_readline) and self.stdin is sys.stdin:
            self._readline = _load_readline()
        self.reading = False
        self.line_number = 0  # lines read so far (to point at a bad one in a script)
        self.pending_stop: int | None = None
        self.broken = False  # the output is gone (terminal closed, pipe closed)
        self._completions: Callable[[], Iterable[str]] = tuple

    @property
    def has_readline(self) -> bool:
        return self._readline is not None

    # -- output ------------------------------------------------------------
    def say(self, *lines: str) -> None:
        """Print each line (an empty string prints an empty line)."""
        for line in lines or ("",):
            self._write(visible(line, multiline=True) + "\n")

    def error(self, text: str) -> None:
        """A closing error for a script: on standard error (a terminal shows it in order)."""
        try:
            self.stdout.flush()
            self.stderr.write(visible(text, multiline=True) + "\n")
            self.stderr.flush()
        except (OSError, ValueError):
            pass

    def _write(self, text: str) -> None:
        if self.broken:
            return
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except (OSError, ValueError):
            self.broken = True  # nobody can read us any more; answers are still saved

    # -- input -------------------------------------------------------------
    def ask(self, prompt: str) -> str:
        """Print ``prompt`` and read one line (without its newline)."""
        if self.pending_stop is not None:
            raise Stopped(self.pending_stop)
        prompt = visible(prompt) + " "
        self.reading = True
        try:
            if self._readline is not None:
                line = self._read_with_readline(prompt)
            else:
                line = self._read_plain(prompt)
        finally:
            self.reading = False
        self.line_number += 1
        return line

    def _read_with_readline(self, prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:
            self._write("\n")
            raise InputEnded from None
        except KeyboardInterrupt:
            self._write("\n")
            raise LineCancelled from None

    def _read_plain(self, prompt: str) -> str:
        self._write(prompt)
        try:
            raw = self.stdin.readline()
        except KeyboardInterrupt:
            self._write("\n")
            if self.interactive:
                raise LineCancelled from None
            raise
        if raw == "":
            self._write("\n")
            raise InputEnded
        line = raw.rstrip("\r\n")
        if not self.interactive:
            self._write(visible(line) + "\n")  # echo: the output reads as a transcript
        return line

    def partial_line(self) -> str:
        """What is typed on the current line and not yet entered (readline only)."""
        if self._readline is None or not self.reading:
            return ""
        try:
            return str(self._readline.get_line_buffer())
        except Exception:  # noqa: BLE001 - never fail while stopping
            return ""

    # -- completion (Tab) ---------------------------------------------------
    def complete_with(self, words: Callable[[], Iterable[str]]) -> None:
        """Offer these words on Tab (commands, criterion ids)."""
        self._completions = words
        if self._readline is None:
            return
        matches: list[str] = []

        def completer(text: str, state: int) -> str | None:
            if state == 0:
                matches[:] = [w for w in self._completions() if w.lower().startswith(text.lower())]
            return matches[state] if state < len(matches) else None

        self._readline.set_completer(completer)
        self._readline.set_completer_delims(" \t")
        self._readline.parse_and_bind("tab: complete")

    # -- signals -----------------------------------------------------------
    def install_signals(self) -> Callable[[bool], None]:
        """SIGTERM and SIGHUP stop the dialogue; SIGALRM may announce.

        Returns the undo; ``undo(True)`` after a stop leaves SIGTERM and SIGHUP
        ignored instead, so that a repeated one cannot cut the exit short.
        """
        previous: dict[int, object] = {}

        def stop(signum: int, frame: FrameType | None) -> None:
            if self.reading:
                raise Stopped(signum, self.partial_line())
            self.pending_stop = signum  # raised at the next question, after the current save

        def alarm(signum: int, frame: FrameType | None) -> None:
            if self.reading and self._readline is not None and self.partial_line() == "":
                raise Alarm  # the juror is idle: say it now; otherwise it waits for Enter

        for sig, handler in ((signal.SIGTERM, stop), (signal.SIGHUP, stop), (signal.SIGALRM, alarm)):
            try:
                previous[sig] = signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread (tests)
                continue

        def undo(stopped: bool = False) -> None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for sig, handler in previous.items():
                stop_signal = sig in (signal.SIGTERM, signal.SIGHUP)
                signal.signal(sig, signal.SIG_IGN if stopped and stop_signal else handler)  # type: ignore[arg-type]

        return undo

    def alarm_in(self, seconds: float | None) -> None:
        """Ask for SIGALRM after ``seconds`` (None cancels); only useful with readline."""
        if self._readline is None:
            return
        try:
            signal.setitimer(signal.ITIMER_REAL, max(0.05, seconds) if seconds is not None else 0)
        except (ValueError, OSError):
            pass


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _load_readline() -> ModuleType | None:
    """GNU readline (or libedit) when present, with nothing printed but our text."""
    try:
        import readline
    except ImportError:
        return None
    for setting in ("set enable-bracketed-paste off", "set enable-meta-key off", "set bell-style none"):
        readline.parse_and_bind(setting)  # libedit ignores what it does not know
    return readline
