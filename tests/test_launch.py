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


def test_the_fast_path_knows_the_same_languages_as_the_interface():
    from jury_tui import i18n, launch

    assert launch.LANGUAGES == i18n.LANGUAGES


def test_a_name_the_system_refuses_goes_to_the_command_line():
    assert workbench_arguments(["--workspace", "a" * 300]) is None  # OSError: file name too long


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


@pytest.mark.parametrize(("language", "said"), [("fr", "Interrompu."), ("en", "Interrupted.")])
def test_ctrl_c_out_of_the_workbench_is_said_with_exit_code_130(language, said):
    code = ("import jury_tui.ui.app as app\n"
            "def stop(workspace, language=None):\n"
            "    raise KeyboardInterrupt\n"
            "app.run_app = stop\n"
            "from jury_tui.launch import main\n"
            "main()\n")
    stopped = run(code, "--lang", language)
    assert stopped.returncode == 130 and said in stopped.stderr and "Traceback" not in stopped.stderr


def test_invalid_input_out_of_the_workbench_is_a_message_with_exit_code_1(tmp_path):
    code = ("import jury_tui.ui.app as app\n"
            "from pathlib import Path\n"
            "from jury_tui.domain.storage.errors import JuryError, N_, Problem\n"
            "def refuse(workspace, language=None):\n"
            "    raise JuryError(Problem.of(Path('session.toml'), N_('invalid TOML: {detail}'), detail='x'))\n"
            "app.run_app = refuse\n"
            "from jury_tui.launch import main\n"
            "main()\n")
    refused = run(code, "--lang", "fr", env={"JURY_TUI_CONFIG_DIR": str(tmp_path)})
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "session.toml" in refused.stderr and "TOML invalide" in refused.stderr
    assert not (tmp_path / "crash.log").exists()


def test_a_crash_after_the_juror_switched_language_speaks_the_new_one(tmp_path):
    code = ("import jury_tui.ui.app as app\n"
            "from jury_tui.i18n import set_language\n"
            "def switch_then_crash(workspace, language=None):\n"
            "    set_language('fr')  # Ctrl+L in the workbench\n"
            "    raise RuntimeError('boom')\n"
            "app.run_app = switch_then_crash\n"
            "from jury_tui.launch import main\n"
            "main()\n")
    crashed = run(code, "--lang", "en", env={"JURY_TUI_CONFIG_DIR": str(tmp_path)})
    assert crashed.returncode == 3 and "Erreur interne (RuntimeError)" in crashed.stderr
