"""The sign-off dialog: who has signed (and when), and a juror signs by typing their initials or id."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.deliberation.signing import identify_signer, initials
from jury_tui.domain.session.model import Juror
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _, format_datetime
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.footer import JuryFooter

COMMANDS = (Command("cancel", "escape", "cancel", "Close", "Close (the signatures already given are kept)"),)
INPUT_COMMANDS = (Command("sign-now", "enter", "submit", "Sign", "Sign with these initials or this id", rank=ESSENTIAL),)


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


class SignScreen(ModalScreen[None]):
    """Each juror of the jury signed or not; each types their initials or id and presses Enter to sign.

    The dialog stays open for the next juror and closes by itself once every juror of the jury has signed
    (Escape closes it earlier; the signatures already given are kept).
    """

    CSS_PATH = "modal.tcss"
    HELP = ("Every juror of the candidate's jury is listed as signed (with the time) or not signed. "
            "To sign, type YOUR initials (or your juror id) and press Enter: signing is a deliberate act, "
            "as initialling a paper PV. A juror signs once. The dialog stays open for the next juror and "
            "closes once everyone has signed; Escape closes it earlier, keeping the signatures given.")

    def __init__(self, jury: tuple[Juror, ...], deliberation: Deliberation, candidate: str,
                 sign: Callable[[str], Deliberation | None]) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.jury = jury
        self.deliberation = deliberation
        self.candidate = candidate
        self.sign = sign  # records one signature; returns the deliberation signed, or None when refused

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(_("Sign the deliberation — {candidate}").format(candidate=self.candidate)),
                        classes="dialog-title")
            yield Static(Content("\n").join(signature_lines(self.jury, self.deliberation)), id="signatures")
            yield Label(_("Type your initials or your juror id, then Enter:"), id="sign-prompt")
            yield Input(placeholder=_("initials or id"), id="signer")
            yield Static("", id="sign-error")
        yield JuryFooter()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        install(field, INPUT_COMMANDS)
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """The message is about what was typed: it goes as soon as something else is typed."""
        if event.value:
            self.query_one("#sign-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(Input)
        try:
            juror = identify_signer(self.jury, event.value, self.deliberation)
        except JuryError as error:
            self.query_one("#sign-error", Static).update(
                Content.assemble(styled("✘ ", "bold"), plain(error.problems[0].text())))
            field.value = ""
            return
        signed = self.sign(juror.id)
        field.value = ""
        if signed is None:
            return
        self.deliberation = signed
        if all(signed.signoff(j.id) is not None for j in self.jury):
            self.dismiss(None)
            return
        self.query_one("#signatures", Static).update(Content("\n").join(signature_lines(self.jury, signed)))
        self.query_one("#sign-error", Static).update(Content.assemble(
            styled("✔ ", "bold"), plain(_("Signed by {name}. Next juror: your initials or id, then Enter.").format(
                name=juror.name))))

    def action_cancel(self) -> None:
        self.dismiss(None)
