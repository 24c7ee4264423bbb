"""Drive the line-by-line mode: in this process on text streams, or as the real command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from conftest import DEMO_SESSION

from jury_tui.domain.grid.timing import DefenceClock
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.domain.workspace.opening import open_sheet
from jury_tui.locations import shipped_grids_dir
from jury_tui.plain.terminal import LineTerminal
from jury_tui.plain.walk import SheetWalk

CRITERIA = ["Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2"]
YES = {"fr": "o", "en": "y"}


def sheet_file(workspace: Path, candidate: str = "C003", juror: str = "martin") -> Path:
    return workspace / "sessions" / DEMO_SESSION / "sheets" / juror / f"{candidate}.toml"


def full_sheet_answers(lang: str) -> list[str]:
    """12 levels (Cr5 not achieved), notes on Cr1.1 and Cr5, the disability question, a submit."""
    lines: list[str] = []
    for cid in CRITERIA:
        lines.append("n" if cid == "Cr5" else "a")
        lines.append({"Cr1.1": "Cible précise, chiffrée", "Cr5": "Aucun prestataire cité"}.get(cid, ""))
    lines += [""] * 9  # presented items: Enter keeps "not presented"
    lines += [YES[lang], "Sous-titres et textes alternatifs prévus"]  # the disability question: asked, answer
    lines += [""]  # general comment: none
    lines += ["/" + {"fr": "revue", "en": "review"}[lang]]  # at the submit question: hear the sheet first
    lines += [YES[lang]]  # submit? yes
    return lines


def run_command(workspace: Path, lines: list[str], lang: str = "fr", candidate: str = "C003",
                juror: str | None = "martin", config: Path | None = None,
                extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    """``jury-tui score … --plain`` as a separate process, answers piped in."""
    args = [sys.executable, "-m", "jury_tui", "--workspace", str(workspace), "--lang", lang,
            "score", DEMO_SESSION, candidate, "--plain", *extra]
    if juror:
        args += ["--juror", juror]
    return subprocess.run(args, input="".join(line + "\n" for line in lines).encode("utf-8"),
                          capture_output=True, env=plain_env(config), timeout=120, check=False)


def plain_env(config: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if config is not None:
        env["JURY_TUI_CONFIG_DIR"] = str(config)
    return env


def symbols(text: str) -> list[str]:
    """Characters that are symbols (✔, ○, box drawing…): meaning a screen reader may not say."""
    return sorted({ch for ch in text if unicodedata.category(ch) == "So" or 0x2500 <= ord(ch) <= 0x259F})


class ScriptedInput(io.StringIO):
    """Lines read one by one; a callable in the list runs (moves the clock…) before the next line."""

    def __init__(self, items: list) -> None:
        super().__init__()
        self.items = list(items)

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        while self.items and callable(self.items[0]):
            self.items.pop(0)()
        return self.items.pop(0) + "\n" if self.items else ""


class Run:
    """The dialogue in this process, on text streams, with a clock the test moves."""

    def __init__(self, workspace: Path, lines: list, *, interactive: bool = False, candidate: str = "C003",
                 juror: str = "martin") -> None:
        ws = Workspace(workspace, (shipped_grids_dir(),))
        self.session, self.grid = ws.load_session(workspace / "sessions" / DEMO_SESSION)
        self.now = [0.0]
        self.stdin = ScriptedInput(lines)
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        self.terminal = LineTerminal(self.stdin, self.stdout, self.stderr, interactive=interactive, use_readline=False)
        self.opened = open_sheet(self.session, self.grid, juror, candidate)
        factor = self.opened.candidate.accommodations.extra_time_factor
        self.clock = DefenceClock(self.grid.phases, factor, clock=lambda: self.now[0])
        self.walk = SheetWalk(self.opened, self.terminal, self.clock)

    def run(self) -> int:
        return self.walk.run()

    def advance(self, seconds: float):
        """An item for the input list: the clock moves on before the next line is read."""
        def move() -> None:
            self.now[0] += seconds
        return move

    @property
    def out(self) -> str:
        return self.stdout.getvalue()

    @property
    def err(self) -> str:
        return self.stderr.getvalue()
