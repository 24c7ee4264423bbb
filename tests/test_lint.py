"""Lint (ruff, the project's rules) and types (mypy --strict on the domain and the export) run clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--output-format", "concise", "jury_tui", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing_in_the_domain_and_the_export():
    result = _run("mypy")  # files and strictness from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout
