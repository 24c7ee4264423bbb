"""Baseline for the cold-start benchmark: a bare Textual app with the same widget types."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Workspace")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Scored", "Session", "Place", "Grid")
        table.add_row("14/12/2026", "1/5", "Session", "Lyon", "Grid")


if __name__ == "__main__":
    Bare().run()
