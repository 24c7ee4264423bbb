"""Who is being scored, by whom, and what the candidate was granted."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from jury_tui.domain.session import Candidate, Juror, Session
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled


def accommodations_text(candidate: Candidate) -> str:
    acc = candidate.accommodations
    parts = []
    if acc.extra_time_factor > 1:
        parts.append(_("extra time +{percent} %").format(percent=acc.extra_time_percent))
    if acc.third_party_assistance:
        parts.append(_("assistance by a third person"))
    if acc.adapted_material:
        parts.append(_("adapted material: {what}").format(what=acc.adapted_material))
    if acc.other:
        parts.append(acc.other)
    return " · ".join(parts)


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
