"""The workspace's sync state in words, and « sync now » in a worker that never blocks scoring."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widgets import Static

from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _
from jury_tui.ui.text import literal

SYMBOL = "⇅ "


@dataclass
class Synced(Message):
    """A sync finished: the workspace may have received files."""

    received: int


class SyncStatus(Static):
    """« ⇅ 3 modifications non envoyées · synchronisé à 10:42 »; the sync itself runs in a thread."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.running = False
        self.configured = False

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_state)  # after the first frame: the list comes first

    @work(thread=True, exclusive=True, group="sync-state")
    def refresh_state(self) -> None:
        from jury_tui.sync.state import read_state
        from jury_tui.sync.words import state_text

        state = read_state(self.app.workspace.root)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, state.configured, state_text(state))

    def _show(self, configured: bool, text: str) -> None:
        self.configured = configured
        if not self.running:
            hint = " " + _("(Ctrl+Y: sync now)") if configured else ""
            self.update(literal(SYMBOL + text + hint))

    def sync_now(self) -> None:
        if self.running:
            self.notify(_("A sync is already running."), severity="warning")
            return
        from jury_tui.sync.repository import is_repository

        if not is_repository(self.app.workspace.root):  # type: ignore[attr-defined]
            self.notify(_("This workspace is not synchronised. Once, in a terminal: jury-tui sync --remote URL "
                          "(the session's repository given by the certifier); see docs/workspace.md."),
                        severity="warning", timeout=20, markup=False)
            return
        self.running = True
        self.update(literal(SYMBOL + _("Synchronising…")))
        self.run_sync()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self) -> None:
        from jury_tui.sync.author import resolve_author
        from jury_tui.sync.engine import run_sync
        from jury_tui.sync.git import GitFailed
        from jury_tui.sync.words import step_text, summary

        app = self.app
        root = app.workspace.root  # type: ignore[attr-defined]
        steps = ("recording", "receiving", "merging", "sending")

        def progress(step: str) -> None:
            number = steps.index(step) + 1 if step in steps else 0
            text = f"{SYMBOL}{step_text(step)} ({number}/{len(steps)})"
            app.call_from_thread(self.update, literal(text))

        try:
            app.writer.submit(app.flush_all).result()  # type: ignore[attr-defined]  # what is typed is recorded
            report = run_sync(root, resolve_author(root, app.preferences), progress=progress)  # type: ignore[attr-defined]
        except JuryError as error:
            app.call_from_thread(self._finished, str(error), "error", 0)
            return
        except GitFailed as failure:
            app.call_from_thread(self._finished, _("Sync failed: {reason}").format(reason=failure.detail), "error", 0)
            return
        severity = "information" if report.complete and not report.conflicts else "warning"
        app.call_from_thread(self._finished, summary(report), severity, report.received_files)

    def _finished(self, text: str, severity: str, received: int) -> None:
        self.running = False
        self.notify(text, severity=severity, timeout=15, markup=False)  # type: ignore[arg-type]
        self.refresh_state()
        self.post_message(Synced(received))
