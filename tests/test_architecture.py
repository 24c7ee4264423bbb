"""The domain imports no Textual: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import jury_tui.domain


def test_domain_does_not_import_textual():
    modules = [f"jury_tui.domain.{m.name}" for m in pkgutil.iter_modules(jury_tui.domain.__path__)]
    modules += ["jury_tui.demo", "jury_tui.i18n", "jury_tui.locations"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 10
    assert result.stdout.strip() == ""
