"""One language at a time: a French run shows no English sentence of the catalog, an English run no French one.

The runs produce errors on purpose: ``check`` on a broken grid and a broken
session, ``session import`` with rejected rows (and a question nobody can
answer), ``export`` with anomalies, ``--help`` and a usage error, and the main
screens of the workbench (Pilot), including the command palette, F1 help and
the export dialog.  Everything they show is searched for the catalog's
sentences of the other language.

What is searched, and why (the filter):
- Only messages whose translation differs from the message id: a message
  written the same in both languages (« Session », « Options », « Code »,
  a path, a placeholder alone) says nothing about the language.
- The literal parts between placeholders, each searched as whole words,
  with at least two words and ten letters: a single short word (« no »,
  « note », « date », « contact ») is part of ordinary text in the other
  language or of people's data, and would make the test fail for nothing.
  Single words of at least six letters are searched too, unless the other
  language's catalog uses the same word (« Sessions », « Anomalies »).
- Fragments that the other language's translation also contains (a
  technical part such as « --column id=HEADER » or « U+… ») are left out.
- A single word that is also a key of our TOML files (« candidates »,
  « level ») is left out: problems name keys as they are written in the
  file (« candidates[C003].slot »), in both languages.
- The command line's syntax is typed the same in both languages, so option
  names (« --internal »), choice lists (« [president|member] ») and a
  choice's default value shown in help are not searched.
- The French run is also searched for English words that no French sentence
  uses (« the », « is », « with »…): they catch English that never went
  through the catalogs.  Not the English run: the grids' and sessions' French
  texts are full of French function words, by design.
- In the English run, French text that comes from the shipped grids (the
  RNCP demo grid chef-projet-numerique included) and the demo sessions
  (criteria, level labels, outcome labels, names, notes) is shown as the
  certifier wrote it, by design, and so are the headers of the registrations
  file imported here: fragments found in those texts are left out.
"""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import click
import i18n as catalogs  # scripts/i18n.py
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import DEMO_SESSION, GRID_FILE, ROOT
from pilot_helpers import make_app, open_candidate, wait_for, wait_screen
from plain_helpers import run_command

from jury_tui.cli import cli
from jury_tui.domain.sheet.files import save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import set_language

RNCP_GRID_FILE = ROOT / "grids" / "chef-projet-numerique.toml"
RNCP_SESSION = "demo-nantes-2027-01"
# a registrations file as a French certifier writes it: its headers are echoed back (« slot ← « Horaire » »)
IMPORTED_ROWS = ("N° candidat;Nom;Horaire;Date\nC100;Dupont;9h;20/01/2027\nC100;Durand;;\n;Martin;;\n"
                 "C101;;;\nC102;Roy;25:99;\nC103;Lemoine;;bientôt\nC104;Petit;;21/01/2027\n")
WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")


def _parts(text: str) -> list[str]:
    """The literal parts of a message, split at its placeholders, trimmed of punctuation."""
    parts = []
    for literal, _field, _spec, _conversion in string.Formatter().parse(text):
        for piece in re.split(r"[\n\t]|%\(\w+\)s", literal):
            piece = piece.strip(" .,:;!?()[]«»\"'—–-…/*")
            if piece:
                parts.append(piece)
    return parts


def _searched(part: str) -> bool:
    words = WORD.findall(part)
    letters = sum(len(w) for w in words)
    return (len(words) >= 2 and letters >= 10) or (len(words) == 1 and len(words[0]) >= 6 and words[0] == part)


def _toml_keys() -> set[str]:
    """Every key written in the shipped grids and the demo session."""
    import tomllib

    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                keys.add(str(key).lower())
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in [*(ROOT / "grids").glob("*.toml"), *(ROOT / "sessions").rglob("*.toml")]:
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return keys


def _demo_texts() -> str:
    """What certifiers wrote: the shipped grids and demo sessions, and the registrations file imported below."""
    files = [*(ROOT / "grids").glob("*.toml"), *(ROOT / "sessions").rglob("*.toml")]
    return "\n".join([*(path.read_text(encoding="utf-8") for path in files), IMPORTED_ROWS])


def _pairs() -> list[tuple[str, str]]:
    """(English message id, French translation) of every message of the French catalog, plural forms included."""
    with catalogs.po_path("fr").open("rb") as handle:
        french = read_po(handle)
    pairs: list[tuple[str, str]] = []
    for message in french:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(ids[min(i, len(ids) - 1)], text) for i, text in enumerate(strings) if text]
    return pairs


def _catalog_fragments() -> tuple[set[str], set[str]]:
    """(English fragments to look for in French runs, French fragments to look for in English runs)."""
    pairs = _pairs()
    english_words = {w.lower() for source, _ in pairs for w in WORD.findall(source)}
    french_words = {w.lower() for _, target in pairs for w in WORD.findall(target)}
    demo = _demo_texts()
    keys = _toml_keys()
    english: set[str] = set()
    french_parts: set[str] = set()
    for source, target in pairs:
        if source == target:
            continue
        for part in _parts(source):
            single = len(WORD.findall(part)) == 1
            if (_searched(part) and part not in target
                    and not (single and (part.lower() in french_words or part.lower() in keys))):
                english.add(part)
        for part in _parts(target):
            single = len(WORD.findall(part)) == 1
            if (_searched(part) and part not in source and part not in demo
                    and not (single and part.lower() in english_words)):
                french_parts.add(part)
    return english, french_parts


def _choices(group: click.Group) -> set[str]:
    """The values the command line's choice options accept (typed as they are, in both languages)."""
    values: set[str] = set()
    for command in group.commands.values():
        if isinstance(command, click.Group):
            values |= _choices(command)
        values |= {str(v) for p in command.params if isinstance(p.type, click.Choice) for v in p.type.choices}
    return values


def _without_syntax(shown: str) -> str:
    """The text without the command line's syntax, which is typed the same in both languages: option
    names (« --internal »), choice lists (« [president|member] ») and a choice's default value."""
    shown = re.sub(r"(?:(?<=\s)|^)--?[A-Za-z][\w-]*", " ", shown, flags=re.MULTILINE)
    shown = re.sub(r"\[[\w-]+(?:\|[\w-]+)+\]", " ", shown)
    choices = "|".join(re.escape(value) for value in sorted(_choices(cli), key=len, reverse=True))
    return re.sub(r"(\[[^\]:]+ ?: )(?:" + choices + r")\]", r"\1]", shown)


def _found(fragments: set[str], shown: str) -> list[str]:
    """Each fragment found, with the text around it (to see where it came from)."""
    flat = re.sub(r"\s+", " ", _without_syntax(shown))
    found = []
    for fragment in sorted(fragments):
        match = re.search(r"(?<![\w'’])" + re.escape(fragment) + r"(?![\w'’])", flat)
        if match:
            found.append(f"{fragment!r} in …{flat[max(0, match.start() - 60):match.end() + 60]}…")
    return found


# English words that no French sentence uses: they catch English that never went through the catalogs
# (an f-string, a library's own message).  Only in the French run: in the English run, the French texts of
# the grids and sessions are full of French function words, by design.
ENGLISH_ONLY = ("the", "is", "are", "was", "were", "has", "have", "not", "and", "with", "of", "from", "this",
                "that", "which", "your", "you", "cannot", "been", "does")


def _english_words(shown: str) -> list[str]:
    flat = re.sub(r"\s+", " ", _without_syntax(shown))
    pattern = r"(?<![\w'’/.-])(" + "|".join(ENGLISH_ONLY) + r")(?![\w'’/-])"
    return [f"…{flat[max(0, m.start() - 60):m.end() + 60]}…" for m in re.finditer(pattern, flat, flags=re.IGNORECASE)]


# -- what the command line prints --------------------------------------------------------------

def _broken_inputs(workspace: Path, tmp_path: Path) -> dict[str, Path]:
    grid = tmp_path / "grille-cassee.toml"
    text = GRID_FILE.read_text(encoding="utf-8")
    text = text.replace('competency = "C5"', 'competency = "C9"').replace("minutes = 20", 'minutes = "vingt"')
    text = text.replace('id = "C6"\n', 'id = "C1"\n').replace("[grid]\n", "[grid]\ncolour = 1\n", 1)
    grid.write_text(text, encoding="utf-8")
    rncp = tmp_path / "rncp-cassee.toml"  # the RNCP grid: blocks, evaluations, scales, decision rules
    text = RNCP_GRID_FILE.read_text(encoding="utf-8")
    text = text.replace('block = "B3"', 'block = "B9"', 1).replace('key = "3"', 'key = "2"', 1)
    text = text.replace('criteria = ["B1.C2.a", "B2.C4.a"', 'criteria = ["B1.C2.a", "B9.X"', 1)
    rncp.write_text(text, encoding="utf-8")
    syntax = tmp_path / "syntaxe.toml"
    syntax.write_text('[grid]\nid = "x\n', encoding="utf-8")
    imports = tmp_path / "inscrits.csv"
    imports.write_text(IMPORTED_ROWS, encoding="utf-8")
    return {"grid": grid, "rncp": rncp, "syntax": syntax, "imports": imports}


def _anomalies(session: Path, grid_file: Path) -> None:
    from jury_tui.domain.grid.loader import load_grid

    grid = load_grid(grid_file)
    sheets = session / "sheets"
    (sheets / "benali" / "C004.toml").parent.mkdir(parents=True, exist_ok=True)
    (sheets / "benali" / "C004.toml").write_text("[sheet\nbroken", encoding="utf-8")
    note = ScoreSheet.blank(grid, DEMO_SESSION, "C003", "benali").with_level("Cr2", "acquis")
    save_sheet(sheets / "benali" / "C003.toml", note.with_note("Cr2", "ok \u202eko").submitted("benali"))


def _workbook_text(path: Path) -> str:
    """Every cell of a workbook, read back with openpyxl."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for value in row if isinstance(value, str))
    finally:
        book.close()


def _pdf_text(*paths: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for path in paths for page in PdfReader(path).pages)


def _command_paths(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the command line, as the words that reach it (the root's included)."""
    paths = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*path, name))
        else:
            paths.append((*path, name))
    return paths


def cli_output(language: str, workspace: Path, tmp_path: Path) -> str:
    runner = CliRunner()
    inputs = _broken_inputs(workspace, tmp_path)
    session = workspace / "sessions" / DEMO_SESSION
    lang = ["--lang", language]
    ws = ["-w", str(workspace)]
    shown = [
        # rejected rows, then a yes/no question answered wrongly, then nobody left to answer it
        runner.invoke(cli, [*lang, *ws, "session", "import", DEMO_SESSION, str(inputs["imports"])], input="x\n").output,
        *(runner.invoke(cli, [*lang, *path, "--help"]).output for path in _command_paths(cli)),
        runner.invoke(cli, [*lang, "session", "import"]).output,
        runner.invoke(cli, [*lang, "check", "--bogus"]).output,
        runner.invoke(cli, [*lang, "demo", "a", "b"]).output,
    ]
    # the line-by-line mode, as its own process (it installs signal handlers): its help, a level, a note,
    # then a key that is no level
    plain = run_command(workspace, ["?", "a", "note", "z"], language)
    shown.append((plain.stdout + plain.stderr).decode("utf-8"))
    session_file = session / "session.toml"
    kept = session_file.read_text(encoding="utf-8")
    session_file.write_text(kept.replace('slot = "10:45"', 'slot = "25h"'), encoding="utf-8")
    shown.append(runner.invoke(cli, [*lang, "check", str(inputs["grid"]), str(inputs["rncp"]), str(inputs["syntax"]),
                                     str(workspace)]).output)
    session_file.write_text(kept, encoding="utf-8")
    _anomalies(session, GRID_FILE)
    book = tmp_path / "r.xlsx"
    shown.append(runner.invoke(cli, ["export", str(session), str(session.parent / RNCP_SESSION), "-o", str(book),
                                     "--lang", language]).output)
    shown.append(_workbook_text(book))
    shown.append(runner.invoke(cli, [*lang, *ws, "history", DEMO_SESSION]).output)
    # the minutes and decision letters: what the command says, and what the PDFs say
    pv, letters = tmp_path / "pv.pdf", tmp_path / "lettres"
    shown.append(runner.invoke(cli, [*lang, *ws, "pv", RNCP_SESSION, "-o", str(pv)]).output)
    shown.append(runner.invoke(cli, [*lang, *ws, "letter", RNCP_SESSION, "-o", str(letters)]).output)
    shown.append(runner.invoke(cli, [*lang, *ws, "letter", DEMO_SESSION, "C001", "-o", str(letters)]).output)
    shown.append(_pdf_text(pv, *sorted(letters.glob("*.pdf"))))
    # synchronisation: never set up, git missing, then a server that cannot be reached
    shown.append(runner.invoke(cli, [*lang, *ws, "sync"]).output)
    no_git = tmp_path / "no-git"
    no_git.mkdir()
    shown.append(runner.invoke(cli, [*lang, *ws, "sync", "--remote", str(tmp_path / "nowhere.git")],
                               env={"PATH": str(no_git)}).output)
    shown.append(runner.invoke(cli, [*lang, *ws, "sync", "--remote", str(tmp_path / "nowhere.git")]).output)
    return "\n".join(shown)


# -- what the workbench shows --------------------------------------------------------------------

def screen_text(app) -> str:
    """The screen as text, from Textual's own SVG screenshot (one line per terminal row)."""
    svg = app.export_screenshot()
    rows: dict[int, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                             r'clip-path="url\(#[\w-]*?line-(\d+)\)">([^<]*)</text>', svg):
        rows.setdefault(int(match.group(2)), []).append((float(match.group(1)), html.unescape(match.group(3))))
    lines = []
    for row in sorted(rows):
        line = ""
        for x, text in sorted(rows[row]):
            column = round(x / 12.2) - 1
            line = line.ljust(column) + text
        lines.append(line)
    return "\n".join(lines)


def notices(app) -> str:
    return "\n".join(f"{notice.title}\n{notice.message}" for notice in app._notifications)


async def screens_output(language: str, workspace: Path) -> str:
    """One run of the workbench: sessions, help, palette, export, a sheet, its review, the candidates,
    a deliberation, then the RNCP session's candidates and one of its sheets, and Ctrl+C."""
    shown: list[str] = []
    app = make_app(workspace, language)
    async with app.run_test(size=(100, 34)) as pilot:

        async def go(screen: str, *keys: str, keep: bool = True) -> None:
            """Press the keys, wait for the screen, and keep what it shows."""
            await pilot.press(*keys)
            await wait_screen(pilot, screen)
            if keep:
                shown.append(screen_text(app))

        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 1)
        shown.append(screen_text(app))
        await go("HelpScreen", "f1")
        await go("SessionsScreen", "escape", keep=False)
        await go("JuryCommandPalette", "ctrl+p")  # the placeholder
        await pilot.press(*"zzqx")
        await pilot.pause(0.8)
        shown.append(screen_text(app))  # no match
        await go("SessionsScreen", "escape", keep=False)
        await go("ExportScreen", "ctrl+e", keep=False)
        app.screen.query_one("#export-path").value = str(workspace / "resultats.xlsx")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "resultats.xlsx" in str(app.screen.query_one("#export-status").render()),
                       timeout=60)
        shown.append(screen_text(app))
        await pilot.press("escape")
        await open_candidate(pilot, 1)
        shown.append(screen_text(app))
        await go("HelpScreen", "f1")
        await go("ScoringScreen", "escape", keep=False)
        await go("ReviewScreen", "ctrl+s")
        await go("ScoringScreen", "escape", keep=False)
        await go("CandidatesScreen", "escape")
        await go("DeliberationScreen", "up", "ctrl+d", keep=False)
        await pilot.pause(0.3)
        shown.append(screen_text(app))
        await go("CandidatesScreen", "escape", keep=False)
        await go("SessionsScreen", "escape", keep=False)
        # the RNCP session, as its president: candidates, then the sheet of a candidate being evaluated
        await go("JurorPickScreen", "down", "enter")
        await go("CandidatesScreen", "enter", keep=False)
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
        shown.append(screen_text(app))
        await go("ScoringScreen", "down", "down", "down", "enter", keep=False)
        await pilot.pause(0.1)
        shown.append(screen_text(app))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: bool(app._notifications))
        shown.append(notices(app))
    return "\n".join(shown)


@pytest.fixture(scope="module")
def fragments() -> tuple[set[str], set[str]]:
    return _catalog_fragments()


def test_the_filter_keeps_enough_to_mean_something(fragments):
    english, french = fragments
    assert len(english) > 250 and len(french) > 250
    assert "has no valid sheet" in english and "n'a aucune fiche valide" in french
    assert "Show this message and exit" in english and "Afficher ce message et quitter" in french


# Sentences written the same in both languages on purpose (a command to type).
SAME_SENTENCES = {"jury-tui sync"}


def test_no_french_translation_is_an_english_sentence_left_as_it_was():
    """The search above skips messages written the same in both languages (« Session », « Options »): a
    sentence whose French translation is still the English message id would otherwise go unseen."""
    same = sorted(source for source, target in _pairs() if source == target and source not in SAME_SENTENCES
                  and any(_searched(part) and len(WORD.findall(part)) >= 2 for part in _parts(source)))
    assert same == []


@pytest.mark.parametrize(("language", "other"), [("fr", 0), ("en", 1)])
async def test_nothing_of_the_other_language_is_shown(workspace, tmp_path, fragments, language, other, monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)  # the command line names its language there: restored after
    shown = cli_output(language, workspace, tmp_path)
    shown += "\n" + await screens_output(language, workspace)
    set_language("fr")
    assert _found(fragments[other], shown) == []
    if language == "fr":
        assert _english_words(shown) == []
    # the runs really went through errors, anomalies, documents, prompts and screens
    expected = {
        "fr": ("compétence « C9 » inconnue", "bloc « B9 » inconnu", "ligne 2 rejetée", "Répondez o (oui) ou n (non)",
               "Ajoutez --yes", "fiche illisible", "aucune fiche", "Procès-verbal de délibération du jury",
               "Décision du jury", "Niveau de Cr1.1 ?", "git n'est pas installé", "il n'y a aucun dépôt à cette adresse",
               "Utilisation :", "Options :", "Rechercher une commande…", "Aucun résultat", "Soumettre",
               "Chef de projet en transformation numérique", "Appuyez sur Ctrl+Q pour quitter",
               "7 points sur 12, 7,2 requis (60 % du maximum)", "slot ← « Horaire »"),
        "en": ('unknown competency "C9"', 'unknown block "B9"', "row 2 rejected", "Please answer y (yes) or n (no)",
               "Add --yes", "invalid sheet", "no sheet", "Minutes of the jury's deliberation", "Decision of the jury",
               "Level of Cr1.1?", "git is not installed", "there is no repository at this address", "Usage:",
               "Options:", "Search for commands…", "No matches found", "Submit",
               "Chef de projet en transformation numérique", "Press Ctrl+Q to quit",
               "7 points out of 12, 7.2 needed (60% of the maximum)", 'slot ← "Horaire"'),
    }[language]
    flat = re.sub(r"\s+", " ", shown)
    assert [text for text in expected if text not in flat] == []
