"""The review says when a candidate's prerequisites are not verified (it does not block submission)."""

from __future__ import annotations

from conftest import DEMO_SESSION

from jury_tui.domain.session.loader import load_session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import set_language
from jury_tui.ui.screens.review import review_text


def test_unverified_prerequisites_are_said_in_the_review(workspace, grid):
    set_language("fr")
    session = load_session(workspace / "sessions" / DEMO_SESSION / "session.toml")
    said = "⚠ Prérequis NON vérifiés pour ce candidat"
    unverified = [c for c in session.candidates if not c.prerequisites_verified]
    verified = [c for c in session.candidates if c.prerequisites_verified]
    assert unverified and verified  # the demo has both
    for candidate in session.candidates:
        text = review_text(grid, ScoreSheet.blank(grid, DEMO_SESSION, candidate.id, "martin"), candidate).plain
        assert (said in text) == (not candidate.prerequisites_verified), candidate.id
