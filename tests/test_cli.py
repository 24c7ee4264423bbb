"""The command line: exit codes, messages, demo and check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jury_tui import __version__
from jury_tui.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help_on_every_command():
    assert __version__ in run("--version").output
    for command in ([], ["check"], ["demo"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_usage_error_exits_2():
    assert run("check", "--bogus").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_check_shipped_grids_and_demo(tmp_path):
    for grid in sorted((ROOT / "grids").glob("*.toml")):
        result = run("check", str(grid))
        assert result.exit_code == 0, result.output
    result = run("demo", str(tmp_path / "demo"), "--no-open")
    assert result.exit_code == 0, result.output
    result = run("check", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    assert "✔" in result.output and "✘" not in result.output


def test_check_broken_file_exits_1_with_location(tmp_path):
    text = (ROOT / "grids" / "community-management.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('competency = "C5"', 'competency = "C9"'), encoding="utf-8")
    line = bad.read_text(encoding="utf-8")[: bad.read_text(encoding="utf-8").index('"C9"')].count("\n") + 1
    result = run("check", str(bad))
    assert result.exit_code == 1
    assert f'{bad}:{line}:1: criteria[Cr5].competency: compétence « C9 » inconnue' in result.output


def test_check_workspace_option_and_default(tmp_path, monkeypatch):
    run("demo", str(tmp_path / "w"), "--no-open")
    assert run("check", "--workspace", str(tmp_path / "w")).exit_code == 0
    monkeypatch.chdir(tmp_path / "w")
    assert run("check").exit_code == 0


def test_demo_twice_never_overwrites(tmp_path):
    target = tmp_path / "demo"
    run("demo", str(target), "--no-open")
    sheet = target / "sessions" / "demo-lyon-2026-12" / "sheets" / "martin" / "C002.toml"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    result = run("demo", str(target), "--no-open")
    assert "(0 new file(s))" in result.output or "0 nouveau" in result.output
    assert sheet.read_text(encoding="utf-8").endswith("# mine\n")


def test_markup_in_paths_is_printed_literally(tmp_path):
    weird = tmp_path / "[bold]x.toml"
    weird.write_text("not = [valid", encoding="utf-8")
    result = run("check", str(weird))
    assert result.exit_code == 1
    assert "[bold]x.toml:1:" in result.output


def test_installed_wheel_works_from_another_directory(tmp_path):
    """Build the wheel, install it apart from the source tree, run the demo."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    target = tmp_path / "site"
    wheel = next(wheels.glob("jury_tui-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([sys.executable, "-c", "import jury_tui; print(jury_tui.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    for args in (["demo", str(tmp_path / "x"), "--no-open"], ["check", str(tmp_path / "x")]):
        result = subprocess.run([sys.executable, "-m", "jury_tui", *args], cwd=elsewhere, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "x" / "grids" / "community-management.toml").is_file()
    assert (tmp_path / "x" / "sessions" / "demo-lyon-2026-12" / "sheets" / "benali" / "C001.toml").is_file()
