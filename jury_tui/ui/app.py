"""The jury-tui application and its factory (used by the CLI and the tests)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.screen import Screen

from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.i18n import LANGUAGES, _, current_language, detect_language, set_language
from jury_tui.locations import shipped_grids_dir
from jury_tui.preferences import Preferences, load_preferences, save_preferences
from jury_tui.ui.commands import ESSENTIAL, Command, install, is_ours
from jury_tui.ui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from jury_tui.domain.sheet.keeper import SheetKeeper

APP_COMMANDS = (
    Command("help", "f1", "help", "Help", "Help for the focused area and every key", rank=ESSENTIAL),
    Command("contrast", "f12", "toggle_contrast", "Contrast", "Switch the high-contrast theme on or off", show=False),
    Command("language", "ctrl+l", "switch_language", "Language", "Switch the interface between French and English", show=False),
    Command("quit", "ctrl+q", "quit", "Quit", "Save everything and quit", show=False, priority=True),
    Command("palette", "ctrl+p", "command_palette", "Palette", "Find any action by its name", show=False,
            priority=True),
)


class JuryApp(App[None]):
    """The workbench.  Takes a workspace and preferences; loads nothing itself."""

    # The session list's styles are the app's: it is the first screen (see get_default_screen)
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/sessions.tcss"]
    TITLE = "jury-tui"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, workspace: Workspace, preferences: Preferences, *, persist_preferences: bool = True,
                 open_at: tuple[Path, str | None, str] | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.open_at = open_at  # (session folder, juror or None, candidate): `jury-tui score`
        self.preferences = preferences
        self.persist_preferences = persist_preferences
        self.keepers: set[SheetKeeper] = set()
        # one writer thread: saves are serialised and never run on the UI thread
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jury-tui-writer")
        install(self, APP_COMMANDS)
        self.register_theme(HIGH_CONTRAST)
        # the saved theme before anything is styled: the first frame is in it
        self.theme = self.preferences.theme if self.preferences.theme in self.available_themes else "textual-dark"

    def on_mount(self) -> None:
        # let the writer thread take the GIL soon after a key, even while the UI renders
        sys.setswitchinterval(0.0005)
        self.title = _("jury-tui — certification juries")
        self._install_signal_handlers()
        if self.open_at is not None:
            self.call_after_refresh(self._open_sheet_at, *self.open_at)

    def get_default_screen(self) -> Screen[Any]:
        """The session list is the first screen, composed with the app and styled with it: the first frame
        shows the list (pushed above Textual's default screen, it came one full layout and frame later)."""
        from jury_tui.ui.screens.sessions import SessionsScreen

        return SessionsScreen()

    def _open_sheet_at(self, folder: Path, juror_id: str | None, candidate_id: str) -> None:
        """`jury-tui score`: the candidate list of that session, then the sheet (asking who you are if needed)."""
        from jury_tui.ui.screens.candidates import CandidatesScreen
        from jury_tui.ui.screens.juror_pick import JurorPickScreen
        from jury_tui.ui.sheet_opening import open_scoring

        try:
            session, grid = self.workspace.load_session(folder)
        except JuryError as error:
            self.notify(str(error), severity="error", timeout=30, markup=False)
            return

        def chosen(juror: str | None) -> None:
            if juror:
                self.remember(self.preferences.with_juror(session.folder, juror))
                self.push_screen(CandidatesScreen(session, grid, juror))
                open_scoring(self, session, grid, juror, candidate_id)

        if juror_id:
            chosen(juror_id)
        else:
            self.push_screen(JurorPickScreen(session, self.preferences.juror_for(session.folder)), chosen)

    # -- never lose an edit ------------------------------------------------
    def _install_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._terminate)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or not supported

    def _terminate(self) -> None:
        """SIGTERM or SIGHUP: save to files first (the terminal may be gone), then exit."""
        self.flush_all()
        self.exit(return_code=0)

    def flush_all(self) -> list[JuryError]:
        """Write every open sheet now, on this thread; return the failures."""
        errors = []
        for keeper in list(self.keepers):
            outcome = keeper.flush()
            if outcome.error is not None:
                errors.append(outcome.error)
        return errors

    async def action_quit(self) -> None:
        errors = self.flush_all()
        if errors:
            self.notify(
                _("Could not save: {error}. Your edits are kept; free some space or fix the folder, then quit again.").format(
                    error=errors[0]),
                severity="error", timeout=15, markup=False,
            )
            return
        self.exit()

    # -- Textual's own words, in the interface language ----------------------
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from jury_tui.ui.palette import JuryCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(JuryCommandPalette())

    def action_change_theme(self) -> None:
        from textual.theme import ThemeProvider

        from jury_tui.ui.palette import JuryCommandPalette

        self.push_screen(JuryCommandPalette([ThemeProvider], _("Search for themes…")))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a text field): say how to quit."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                shown = "+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+"))
                self.notify(_("Press {key} to quit the app").format(key=shown),
                            title=_("Do you want to quit?"), markup=False)
                return

    def on_unmount(self) -> None:
        self.flush_all()
        self.writer.shutdown(wait=True)

    # -- preferences -------------------------------------------------------
    def remember(self, preferences: Preferences) -> None:
        self.preferences = preferences
        if not self.persist_preferences:
            return
        try:
            save_preferences(preferences)
        except JuryError as error:
            self.notify(str(error), severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        if theme != self.preferences.theme:
            self.remember(replace(self.preferences, theme=theme))

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def action_switch_language(self) -> None:
        language = "en" if current_language() == "fr" else "fr"
        set_language(language)
        install(self, APP_COMMANDS)  # the app's own keys in the new language (ours come first)
        self.title = _("jury-tui — certification juries")
        self.remember(replace(self.preferences, language=language))
        self.flush_all()
        self.notify(_("Interface language: English") if language == "en" else _("Interface language: French"))
        from jury_tui.ui.screens.sessions import SessionsScreen

        while len(self.screen_stack) > 1:  # back to the first screen, the session list
            self.pop_screen()
        if isinstance(self.screen_stack[0], SessionsScreen):
            self.call_later(self.screen_stack[0].speak_again)  # in the new language

    def action_help(self) -> None:
        from jury_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # -- command palette: every active key, from the same definitions -------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not is_ours(binding) or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            namespace = active.node

            def run(namespace=namespace, action=binding.action) -> None:
                self.call_later(namespace.run_action, action)

            label = f"{binding.description} ({self.get_key_display(binding)})"
            yield SystemCommand(label, binding.tooltip or binding.description, run)
        yield SystemCommand(_("Theme"), _("Choose another colour theme"), self.action_change_theme)


def create_app(
    workspace: Path,
    *,
    language: str | None = None,
    preferences: Preferences | None = None,
    persist_preferences: bool = True,
    open_at: tuple[Path, str | None, str] | None = None,
) -> JuryApp:
    """Build the app: the one factory for the CLI, the tests and benchmarks."""
    preferences = preferences if preferences is not None else load_preferences()
    chosen = language or preferences.language or detect_language()
    set_language(chosen if chosen in LANGUAGES else "fr")
    ws = Workspace(Path(workspace).expanduser(), (shipped_grids_dir(),))
    return JuryApp(ws, preferences, persist_preferences=persist_preferences, open_at=open_at)


def run_app(workspace: Path, *, language: str | None = None,
            open_at: tuple[Path, str | None, str] | None = None) -> None:
    create_app(workspace, language=language, open_at=open_at).run()
