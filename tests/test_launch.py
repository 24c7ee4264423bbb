"""`jury-tui` opens the workbench without the command line; every other line still goes to the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from jury_tui.launch import workbench_arguments


@pytest.mark.parametrize(("args", "expected"), [
    ([], (".", None)),
    (["--workspace", "ws"], ("ws", None)),
    (["-w", "ws", "--lang", "en"], ("ws", "en")),
    (["--lang=fr", "--workspace=ws"], ("ws", "fr")),
])
def test_a_line_that_only_opens_the_workbench_is_read_here(args, expected):
    assert workbench_arguments(args) == (Path(expected[0]), expected[1])


@pytest.mark.parametrize("args", [
    ["check"], ["--help"], ["-h"], ["--version"], ["--plain"], ["--lang", "de"], ["--lang"], ["--workspace"],
    ["-w=ws"], ["--workspace", "--lang", "en"], ["--lang", "en", "export", "s", "-o", "x.xlsx"], ["demo"],
    ["--workspace", ""],
])
def test_anything_else_goes_to_the_command_line(args):
    assert workbench_arguments(args) is None


def test_a_file_given_as_workspace_goes_to_the_command_line(tmp_path):
    (tmp_path / "file.toml").write_text("", encoding="utf-8")
    assert workbench_arguments(["--workspace", str(tmp_path / "file.toml")]) is None
    assert workbench_arguments(["--workspace", str(tmp_path)]) == (tmp_path, None)


def run(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
                          env={**os.environ, **(env or {})})


def test_the_workbench_opens_without_click_and_a_command_goes_through_click(tmp_path):
    code = ("import sys, jury_tui.ui.app as app\n"
            "app.run_app = lambda workspace, language=None: print(workspace, language, 'click' in sys.modules)\n"
            "sys.argv[0] = 'jury-tui'\n"
            "from jury_tui.launch import main\n"
            "main()\n")
    opened = run(code, "--workspace", str(tmp_path), "--lang", "en")
    assert opened.returncode == 0 and opened.stdout.split() == [str(tmp_path), "en", "False"]
    usage = run(code, "--lang", "en", "--nope")
    assert usage.returncode == 2 and "No such option" in usage.stderr and usage.stdout == ""  # not the workbench


@pytest.mark.parametrize(("language", "said"), [("fr", "Erreur interne (RuntimeError)"),
                                                ("en", "Internal error (RuntimeError)")])
def test_a_workbench_crash_is_a_message_and_a_log_in_the_users_language(tmp_path, language, said):
    code = ("import jury_tui.ui.app as app\n"
            "def crash(workspace, language=None):\n"
            "    raise RuntimeError('C001 Dupont')\n"
            "app.run_app = crash\n"
            "from jury_tui.launch import main\n"
            "main()\n")
    crashed = run(code, "--lang", language, env={"JURY_TUI_CONFIG_DIR": str(tmp_path)})
    assert crashed.returncode == 3
    assert said in crashed.stderr and "Traceback" not in crashed.stderr
    log = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "Dupont" not in log  # frames and the error type only, never candidate data
