"""Who is being scored, by whom, and what the candidate was granted."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from jury_tui.domain.session.model import Candidate, Juror, Session
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled


def accommodations_text(candidate: Candidate) -> str:
    return " · ".join(candidate.accommodations.parts(_))


class CandidateBanner(Static):
    """Candidate, session, juror; accommodations and prerequisites in words."""

    def __init__(self, session: Session, candidate: Candidate, juror: Juror, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.candidate = candidate
        self.juror = juror

    def on_mount(self) -> None:
        c = self.candidate
        prereq = _("✔ prerequisites verified") if c.prerequisites_verified else _("✘ prerequisites NOT verified")
        first = Content.assemble(
            styled(f"{c.display_name} ({c.id})", "bold"),
            plain(" · " + _("juror: {name}").format(name=self.juror.name)),
            " · ",
            styled(prereq, "" if c.prerequisites_verified else "bold"),
        )
        lines = [first]
        accommodations = accommodations_text(c)
        if accommodations:
            lines.append(Content.assemble(("⚑ " + _("ACCOMMODATIONS:") + " ", "bold reverse $text-warning"),
                                          styled(accommodations, "bold")))
        self.set_class(bool(accommodations), "-accommodations")
        self.update(Content("\n").join(lines))
