"""The domain's boundaries: no interface or file-format library, and layers that only point down."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import jury_tui.domain

DOMAIN = Path(jury_tui.domain.__file__).parent

# what each domain package may import from the domain (besides itself)
LAYERS = {
    "storage": set(),
    "grid": {"storage"},
    "session": {"grid", "storage"},
    "sheet": {"grid", "storage"},
    "deliberation": {"sheet", "session", "grid", "storage"},
    "workspace": {"deliberation", "sheet", "session", "grid", "storage"},
}
FORBIDDEN = ("textual", "click", "openpyxl", "fpdf", "reportlab", "rich")


def _domain_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(jury_tui.domain.__path__, "jury_tui.domain.")]


def test_domain_imports_no_interface_or_format_library():
    modules = _domain_modules() + ["jury_tui.demo", "jury_tui.i18n", "jury_tui.locations"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 25
    assert result.stdout.strip() == ""


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_domain_is_grouped_by_noun_and_layers_point_down():
    assert sorted(p.name for p in DOMAIN.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)
    loose = sorted(p.name for p in DOMAIN.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a package: {loose}"
    upward = []
    for package, allowed in LAYERS.items():
        for path in (DOMAIN / package).glob("*.py"):
            for module in _imported(path):
                parts = module.split(".")
                if parts[:2] != ["jury_tui", "domain"]:
                    if parts[0] == "jury_tui" and module not in ("jury_tui.i18n",):
                        upward.append(f"{package}/{path.name} imports {module}")
                    continue
                target = parts[2] if len(parts) > 2 else ""
                if target != package and target not in allowed:
                    upward.append(f"{package}/{path.name} imports {module}")
    assert upward == []
