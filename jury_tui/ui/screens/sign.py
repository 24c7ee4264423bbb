"""The sign-off dialog: who has signed (and when), and a juror signs by typing their initials or id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.deliberation.signing import identify_signer, initials
from jury_tui.domain.session.model import Juror
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _, format_datetime
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain, styled

COMMANDS = (Command("cancel", "escape", "cancel", "Cancel", "Close without signing"),)


def signature_lines(jury: tuple[Juror, ...], deliberation: Deliberation) -> list[Content]:
    """One line per juror of the jury: ✔ signed (with the time) or ○ not signed; words, not colours."""
    lines = []
    for juror in jury:
        role = _("president") if juror.is_president else _("member")
        who = f"{juror.name} ({role}, {initials(juror.name) or juror.id})"
        signoff = deliberation.signoff(juror.id)
        if signoff is not None:
            lines.append(Content.assemble(styled("✔ ", "bold"), plain(who), " — ",
                                          plain(_("signed on {time}").format(time=format_datetime(signoff.at)))))
        else:
            lines.append(Content.assemble("○ ", plain(who), " — ", styled(_("not signed"), "bold")))
    return lines


class SignScreen(ModalScreen[str | None]):
    """Each juror of the jury signed or not; type your initials or your id and press Enter to sign."""

    CSS_PATH = "modal.tcss"
    HELP = ("Every juror of the candidate's jury is listed as signed (with the time) or not signed. "
            "To sign, type YOUR initials (or your juror id) and press Enter: signing is a deliberate act, "
            "as initialling a paper PV. A juror signs once. Escape closes without signing.")

    def __init__(self, jury: tuple[Juror, ...], deliberation: Deliberation, candidate: str) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.jury = jury
        self.deliberation = deliberation
        self.candidate = candidate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(_("Sign the deliberation — {candidate}").format(candidate=self.candidate)),
                        classes="dialog-title")
            yield Static(Content("\n").join(signature_lines(self.jury, self.deliberation)), id="signatures")
            yield Label(_("Type your initials or your juror id, then Enter:"), id="sign-prompt")
            yield Input(placeholder=_("initials or id"), id="signer")
            yield Static("", id="sign-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            juror = identify_signer(self.jury, event.value, self.deliberation)
        except JuryError as error:
            self.query_one("#sign-error", Static).update(
                Content.assemble(styled("✘ ", "bold"), plain(error.problems[0].text())))
            self.query_one(Input).value = ""
            return
        self.dismiss(juror.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
