"""Property tests: nothing but the project's own error escapes a loader."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from conftest import GRID_FILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.session.loader import load_session
from jury_tui.domain.sheet.files import load_sheet, render_sheet, sheet_from_text
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GRID_TEXT = GRID_FILE.read_text(encoding="utf-8")

toml_scalars = st.one_of(
    st.text(max_size=20), st.integers(), st.booleans(), st.floats(allow_nan=False),
    st.dates(), st.datetimes(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
    max_leaves=12,
)
toml_docs = st.dictionaries(
    st.sampled_from(["grid", "scales", "criteria", "competencies", "session", "jurors", "candidates",
                     "sheet", "scores", "decision", "defence", "x"]),
    toml_values,
    max_size=6,
)


def loaders(tmp: Path, grid):
    return [
        load_grid,
        lambda p: load_session(p),
        lambda p: load_sheet(p, grid),
    ]


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_only_raise_jury_error(tmp_path, grid, data):
    path = tmp_path / "f.toml"
    path.write_bytes(data)
    for load in loaders(tmp_path, grid):
        try:
            load(path)
        except JuryError as error:
            assert error.problems and all(p.path == path for p in error.problems)


@FUZZ
@given(doc=toml_docs)
def test_arbitrary_toml_only_raises_jury_error(tmp_path, grid, doc):
    path = tmp_path / "f.toml"
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    for load in loaders(tmp_path, grid):
        try:
            load(path)
        except JuryError as error:
            assert error.problems


@FUZZ
@given(position=st.integers(min_value=0, max_value=len(GRID_TEXT) - 1), junk=st.text(min_size=1, max_size=5))
def test_mutated_grid_only_raises_jury_error(tmp_path, position, junk):
    path = tmp_path / "g.toml"
    path.write_text(GRID_TEXT[:position] + junk + GRID_TEXT[position + 1:], encoding="utf-8")
    try:
        load_grid(path)
    except JuryError as error:
        assert all(p.line is None or p.line >= 1 for p in error.problems)


text_no_surrogates = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@FUZZ
@given(note=text_no_surrogates, comment=text_no_surrogates, answer=text_no_surrogates)
def test_any_note_round_trips_through_a_sheet(grid, note, comment, answer):
    sheet = (
        ScoreSheet.blank(grid, "s", "c", "j")
        .with_level("Cr2", "acquis")
        .with_note("Cr2", note)
        .with_comment(comment)
        .with_answer("handicap", asked=True, answer=answer)
    )
    loaded = sheet_from_text(Path("x.toml"), render_sheet(sheet), grid)
    assert loaded == sheet
