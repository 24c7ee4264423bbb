"""PV and decision letters in PDF, read back with an independent reader (pypdf)."""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

import pytest
import tomlkit
from click.testing import CliRunner
from pdf_samples import FIRST_NAME, NAME, SESSION, every_state, rename
from pypdf import PdfReader

from jury_tui.cli import cli
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.locations import shipped_grids_dir
from jury_tui.pdf.document import Document
from jury_tui.pdf.records import read_session

JURORS = ("Claire Martin", "Karim Benali", "Sophie Durand")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks as spaces (a table cell may wrap a name)."""
    return " ".join(text.split())


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """C001 and C003 decided, C002 drafts only, C004 awaiting deliberation, C005 not evaluated."""
    return every_state(tmp_path / "ws")


def keep_only(session_dir: Path, *candidates: str) -> None:
    path = session_dir / "session.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    table = tomlkit.aot()
    for candidate in doc["candidates"]:
        if candidate["id"] in candidates:
            table.append(candidate)
    doc["candidates"] = table
    for juror in doc["jurors"]:
        juror.pop("conflicts", None)
    write_atomic(path, tomlkit.dumps(doc))


# -- the PV ---------------------------------------------------------------------------------------
def test_pv_holds_every_candidate_state_and_outcome_and_every_juror(sample, tmp_path):
    out = tmp_path / "out" / "pv.pdf"
    result = run("pv", str(sample), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "PROVISOIRE" in result.output
    texts = pages(out)
    text = flat("\n".join(texts))
    assert f"{NAME} {FIRST_NAME}" in text  # exactly as written: Œ, ’ and the Vietnamese ễ intact
    for juror in JURORS:
        assert juror in text
    summary = flat(texts[0])
    expected = {
        "C001": "décidé Certification délivrée",
        "C002": "en cours d'évaluation pas encore de résultat",
        "C003": "décidé Certification non délivrée",
        "C004": "en attente de délibération proposition (non définitive) : Certification délivrée",
        "C005": "non évalué pas encore de résultat",
    }
    for candidate, words in expected.items():
        assert candidate in summary and words in summary, candidate
    assert "Stratégie argumentée et outils maîtrisés" in text  # C001's motivation
    assert "calendrier éditorial absent" in text  # C003's
    # every divergence the jury settled: each juror's level, the jury's level and the reason the jury typed
    settled = text.split("Divergences réglées par le jury")
    assert len(settled) == 2, "one table: C001's"
    assert ("Cr1.4 — Orientations stratégiques Claire Martin : Acquis Karim Benali : Non acquis Acquis "
            "argumenté à l'oral") in settled[1]
    assert "Karim Benali : Non acquis Acquis prestataires cités" in settled[1]
    assert "Fiches soumises aucune — brouillons : Claire Martin" in text  # C002: no sheet submitted yet
    assert "Claire Martin 14/12/2026 11:02" in text  # wall-clock sign-off time, whatever the machine's zone
    assert "Date et signature" in text
    # Sophie Durand declared a conflict with C004: she sits for 4 candidates, not 5
    assert "Sophie Durand — membre Validé dans l'application pour 2 candidat(s) sur 4" in text
    assert "Karim Benali — membre Validé dans l'application pour 2 candidat(s) sur 5" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_pv_not_fully_decided_says_provisoire_on_every_page_with_n_of_n(sample, tmp_path):
    out = tmp_path / "pv.pdf"
    run("pv", SESSION, "-o", str(out), "--workspace", str(sample.parent.parent))
    texts = pages(out)
    assert len(texts) >= 3
    records = read_session(sample, (shipped_grids_dir(),))
    for number, text in enumerate(texts, start=1):
        assert "PROVISOIRE — session non entièrement décidée : 2 candidat(s) décidé(s) sur 5" in text
        assert f"page {number}/{len(texts)}" in text
        assert records.records_hash in flat(text)


def test_one_undecided_candidate_is_enough_for_provisoire(sample, tmp_path):
    keep_only(sample, "C001", "C003", "C005")
    out = tmp_path / "pv.pdf"
    assert "PROVISOIRE" in run("pv", str(sample), "-o", str(out)).output
    assert all("2 candidat(s) décidé(s) sur 3" in text for text in pages(out))


def test_a_fully_decided_session_gives_a_final_pv(sample, tmp_path):
    keep_only(sample, "C001", "C003")
    out = tmp_path / "pv.pdf"
    result = run("pv", str(sample), "-o", str(out))
    assert result.exit_code == 0 and "PROVISOIRE" not in result.output
    texts = pages(out)
    assert all("PROVISOIRE" not in text for text in texts)
    assert f"page {len(texts)}/{len(texts)}" in texts[-1]


def test_the_pv_shows_kinds_of_accommodation_never_their_detail(sample, tmp_path):
    out = tmp_path / "pv.pdf"
    run("pv", str(sample), "-o", str(out))
    text = flat("\n".join(pages(out)))
    assert "temps majoré" in text and "assistance d'un tiers" in text and "supports adaptés" in text
    assert "gros caractères" not in text and "corps 16" not in text and "+33" not in text


def test_the_pv_in_english(sample, tmp_path):
    out = tmp_path / "pv.pdf"
    assert run("pv", str(sample), "-o", str(out), "--lang", "en").exit_code == 0
    text = flat("\n".join(pages(out)))
    assert "Minutes of the jury's deliberation" in text and "PROVISIONAL" in text
    assert "awaiting deliberation" in text and "Date and signature" in text and "page 1/" in text


def test_records_hash_changes_with_the_records(sample):
    before = read_session(sample, (shipped_grids_dir(),)).records_hash
    sheet = sample / "sheets" / "benali" / "C004.toml"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert read_session(sample, (shipped_grids_dir(),)).records_hash != before


# -- letters -------------------------------------------------------------------------------------
def test_letters_for_every_decided_candidate(sample, tmp_path):
    out = tmp_path / "letters"
    result = run("letter", str(sample), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["decision-C001.pdf", "decision-C003.pdf"]
    assert "C004" in result.output and "pas encore décidé" in result.output  # said, not silently skipped
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    first = flat("\n".join(pages(out / "decision-C001.pdf")))
    assert f"{FIRST_NAME} {NAME}" in first and "Certification délivrée" in first
    assert "Stratégie argumentée" in first and "Ce qui a manqué" not in first
    for juror in JURORS:
        assert juror in first
    third = flat("\n".join(pages(out / "decision-C003.pdf")))
    grid = load_grid(sample.parent.parent / "grids" / "community-management.toml")
    assert "Certification non délivrée" in third and "calendrier éditorial absent" in third
    for criterion in grid.criteria:
        assert f"{criterion.id} — {criterion.title}" in third
    assert "✘ Non acquis" in third
    assert "Ce qui a manqué • Cr3.1 (Stratégie éditoriale) n'est pas acquis" in third  # named in words
    assert grid.appeal is not None
    assert grid.appeal.time_limit in third and "recours écrit et motivé" in third
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_named_undecided_candidate_gets_no_letter_and_an_error(sample, tmp_path):
    result = run("letter", str(sample), "C004", "C001", "-o", str(tmp_path / "l"))
    assert result.exit_code == 1
    assert "C004 : pas encore décidé (en attente de délibération)" in result.output
    assert (tmp_path / "l" / "decision-C001.pdf").exists() and not (tmp_path / "l" / "decision-C004.pdf").exists()


def test_letter_errors_are_clear(sample, tmp_path):
    workspace = str(sample.parent.parent)
    unknown = run("letter", str(sample), "C999", "-o", str(tmp_path / "l"))
    assert unknown.exit_code == 1 and 'aucun candidat « C999 »' in unknown.output and "C001, C002" in unknown.output
    pseudo = run("letter", str(sample), "P-0A1B2C3D4E", "-o", str(tmp_path / "l"))
    assert pseudo.exit_code == 1 and "pseudonyme" in pseudo.output
    refused = run("letter", str(sample), "C001", "-o", str(tmp_path / "l"), "--pseudonymize")
    assert refused.exit_code == 2 and "jamais" in refused.output and "pseudonymis" in refused.output
    nosession = run("letter", "nope", "-o", str(tmp_path / "l"), "--workspace", workspace)
    assert nosession.exit_code == 1 and "nope" in nosession.output and "Traceback" not in nosession.output
    assert not (tmp_path / "l").exists()


def test_pv_errors_are_clear(sample, tmp_path):
    workspace = str(sample.parent.parent)
    nosession = run("pv", "nope", "-o", str(tmp_path / "pv.pdf"), "--workspace", workspace)
    assert nosession.exit_code == 1 and "nope" in nosession.output and "Traceback" not in nosession.output
    wrong = run("pv", str(sample), "-o", str(tmp_path / "pv.txt"))
    assert wrong.exit_code == 2 and ".pdf" in wrong.output
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    unwritable = run("pv", str(sample), "-o", str(blocker / "pv.pdf"))
    assert unwritable.exit_code == 1 and str(blocker) in unwritable.output and "Traceback" not in unwritable.output
    assert blocker.read_text(encoding="utf-8") == "x"
    (sample / "session.toml").write_text("[session\nbroken", encoding="utf-8")
    broken = run("pv", str(sample), "-o", str(tmp_path / "pv.pdf"))
    assert broken.exit_code == 1 and "session.toml:1" in broken.output and "Traceback" not in broken.output
    assert not (tmp_path / "pv.pdf").exists()


def test_unwritable_letter_folder_is_a_clear_error(sample, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = run("letter", str(sample), "-o", str(blocker))
    assert result.exit_code == 2 and str(blocker) in result.output and "Traceback" not in result.output
    inside = run("letter", str(sample), "-o", str(blocker / "letters"))
    assert inside.exit_code == 1 and str(blocker / "letters") in inside.output and "Traceback" not in inside.output
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_purged_candidate_gets_no_letter(sample, tmp_path):
    rename(sample, "C001", "(purged)", "")
    result = run("letter", str(sample), "C001", "-o", str(tmp_path / "l"))
    assert result.exit_code == 1 and "purgé" in result.output


def test_a_grid_without_appeal_gives_a_generic_way_to_contest_and_a_warning(sample, tmp_path):
    grid_file = sample.parent.parent / "grids" / "community-management.toml"
    before = load_grid(grid_file).content_hash
    doc = tomlkit.parse(grid_file.read_text(encoding="utf-8"))
    del doc["appeal"]
    write_atomic(grid_file, tomlkit.dumps(doc))
    assert load_grid(grid_file).content_hash == before  # [appeal] is outside the grid's version hash
    result = run("letter", str(sample), "C003", "-o", str(tmp_path / "l"))
    assert result.exit_code == 0 and "[appeal]" in result.output
    text = flat("\n".join(pages(tmp_path / "l" / "decision-C003.pdf")))
    assert "écrivez au certificateur" in text


# -- fonts -----------------------------------------------------------------------------------------
def test_a_name_the_font_cannot_print_is_shown_and_reported(sample, tmp_path):
    rename(sample, "C001", "王", "Xiǎomíng\u202e")
    out = tmp_path / "letters"
    result = run("letter", str(sample), "C001", "-o", str(out))
    assert result.exit_code == 0
    assert "王 U+738B" in result.output and "U+202E" in result.output  # reported on the console
    text = flat("\n".join(pages(out / "decision-C001.pdf")))
    assert "[U+738B]" in text and "Xiǎomíng[U+202E]" in text  # printed visibly, never dropped


def test_fallbacks_are_returned_and_text_is_composed():
    doc = Document(title="t", footer_left="", records_hash="", page_label="{page}/{pages}", hash_label="{hash}",
                   made_label="", language="fr")
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    assert doc.clean(decomposed) == NAME and doc.fallbacks == []
    assert doc.clean("Ngô 王 ok") == "Ngô [U+738B] ok"
    assert [(f.text, f.missing) for f in doc.fallbacks] == [("Ngô 王 ok", ("王",))]


def test_a_decomposed_name_comes_back_composed_and_intact(sample, tmp_path):
    rename(sample, "C001", unicodedata.normalize("NFD", NAME), FIRST_NAME)
    out = tmp_path / "pv.pdf"
    run("pv", str(sample), "-o", str(out))
    assert f"{NAME} {FIRST_NAME}" in flat("\n".join(pages(out)))


# -- from the workbench ------------------------------------------------------------------------------
async def test_pv_from_the_session_list_with_one_key(sample, tmp_path):
    from pilot_helpers import make_app, wait_for, wait_screen

    workspace = sample.parent.parent
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)
        await pilot.press("f9")
        await wait_screen(pilot, "PvScreen")
        field = app.screen.query_one("#pv-path")
        assert field.value == str(workspace / f"pv-{SESSION}.pdf")
        field.value = str(tmp_path / "from-app.pdf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.screen.running and (tmp_path / "from-app.pdf").exists())
        status = str(app.screen.query_one("#pv-status").render())
        assert "PROVISOIRE" in status and "from-app.pdf" in status
        await pilot.press("escape")
        await wait_screen(pilot, "SessionsScreen")
    assert "PROVISOIRE" in pages(tmp_path / "from-app.pdf")[0]


async def test_pv_from_the_candidate_list_with_the_same_key(sample, tmp_path):
    from pilot_helpers import make_app, open_candidates, wait_for, wait_screen

    app = make_app(sample.parent.parent, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidates(pilot)
        await pilot.press("f9")
        await wait_screen(pilot, "PvScreen")
        app.screen.query_one("#pv-path").value = str(tmp_path / "pv.txt")
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert ".pdf" in str(app.screen.query_one("#pv-status").render()) and not (tmp_path / "pv.txt").exists()
        app.screen.query_one("#pv-path").value = str(tmp_path / "pv.pdf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.screen.running and (tmp_path / "pv.pdf").exists())
    assert "Minutes of the jury's deliberation" in pages(tmp_path / "pv.pdf")[0]
