"""Translation catalogs: extract interface strings, update and compile them.

    python scripts/i18n.py extract   # write jury_tui/locale/jury_tui.pot
    python scripts/i18n.py update    # merge the template into fr and en .po files
    python scripts/i18n.py compile   # write the .mo files shipped in the package
    python scripts/i18n.py sync      # update then compile (run it after a merge)

The catalogs are written sorted by message, without source locations and with
a fixed header date, so that two branches adding strings merge cleanly; git
merges ``.po`` files with ``scripts/merge_po.py`` (a union of translations)
once ``python scripts/i18n.py install-merge-driver`` has been run in the clone.

Strings are found with the ast module: calls to _(), N_() and ngettext(),
the label and help of Command(...) definitions, class-level HELP texts, and
the docstrings of click commands (their help, translated when the command
line runs).
Needs babel (a test extra).
"""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jury_tui"
LOCALE = PACKAGE / "locale"
DOMAIN = "jury_tui"
LANGUAGES = ("fr", "en")
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no date churn between runs
PO_OPTIONS = {"width": 100, "no_location": True, "sort_output": True}


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_click_command(decorator: ast.expr) -> bool:
    """``@cli.command()``, ``@session.command("new")``, ``@click.group(...)``: its docstring is the help text."""
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in ("command", "group")


MessageId = str | tuple[str, str]  # a plural message is (singular, plural)


def extract_messages(package: Path = PACKAGE) -> dict[MessageId, list[tuple[str, int]]]:
    """Every interface string in the package, with where it is used."""
    found: dict[MessageId, list[tuple[str, int]]] = {}

    def add(text: MessageId | None, path: Path, line: int) -> None:
        if text:
            found.setdefault(text, []).append((str(path.relative_to(package.parent)), line))

    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in ("_", "N_") and node.args:
                    add(_string(node.args[0]), path, node.lineno)
                elif name in ("ngettext", "N_plural") and len(node.args) >= 2:
                    singular, plural = _string(node.args[0]), _string(node.args[1])
                    if singular and plural:
                        add((singular, plural), path, node.lineno)
                elif name == "Command":
                    for index in (3, 4):
                        if len(node.args) > index:
                            add(_string(node.args[index]), path, node.lineno)
                    for keyword in node.keywords:
                        if keyword.arg in ("label", "help"):
                            add(_string(keyword.value), path, node.lineno)
            elif isinstance(node, ast.FunctionDef) and any(_is_click_command(d) for d in node.decorator_list):
                docstring = ast.get_docstring(node, clean=True)
                add(docstring, path, node.lineno)
            elif isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                            and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id == "HELP"):
                        add(_string(statement.value), path, statement.lineno)
    return found


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="jury-tui", domain=DOMAIN, creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    for message in extract_messages():
        catalog.add(message)
    LOCALE.mkdir(parents=True, exist_ok=True)
    with open(LOCALE / f"{DOMAIN}.pot", "wb") as handle:
        write_po(handle, catalog, **PO_OPTIONS)


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    messages = extract_messages()
    for language in LANGUAGES:
        path = po_path(language)
        old = read_po(path.open("rb")) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        new = Catalog(locale=language, domain=DOMAIN, project="jury-tui",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE)
        for message in messages:
            previous = old.get(message)
            translation = previous.string if previous is not None else ""
            if isinstance(message, tuple):
                forms = new.num_plurals
                if not isinstance(translation, tuple) or len(translation) != forms:
                    translation = ("",) * forms
                if language == "en" and not any(translation):
                    translation = (message[0],) + (message[1],) * (forms - 1)
            elif language == "en" and not translation:
                translation = message
            new.add(message, translation)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, new, **PO_OPTIONS)


def compile_catalogs() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for language in LANGUAGES:
        catalog = read_po(po_path(language).open("rb"))
        with open(po_path(language).with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalog)


def sync() -> None:
    extract()
    update()
    compile_catalogs()


def install_merge_driver() -> None:
    """Tell git (this clone) to merge .po files as a union of translations."""
    python = sys.executable
    subprocess.run(["git", "config", "merge.jury-po.name", "union of gettext translations"], cwd=ROOT, check=True)
    subprocess.run(["git", "config", "merge.jury-po.driver", f"{python} scripts/merge_po.py %O %A %B"],
                   cwd=ROOT, check=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    actions = {"extract": extract, "update": update, "compile": compile_catalogs, "sync": sync,
               "install-merge-driver": install_merge_driver}
    if command not in actions:
        sys.exit(__doc__)
    actions[command]()
