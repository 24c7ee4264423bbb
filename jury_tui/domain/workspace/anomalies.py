"""What the certifier must know about the records: anomalies (faults in the data) and notices (a draft).

Each kind is a stable code, kept in files, filters and scripts, and shown with
a translated label; one count serves the console, the export dialog and the
workbook's About sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.storage.errors import N_, Problem, Translate, render

NOTICE_KINDS = frozenset({"not_submitted"})

# Each anomaly kind is a stable code (kept in files, filters and scripts) shown with a translated label.
ANOMALY_LABELS = {
    "invalid_session": N_("invalid session"),
    "invalid_sheet": N_("invalid sheet"),
    "grid_version": N_("sheet for another grid version"),
    "tampered": N_("changed after submission"),
    "not_submitted": N_("not submitted"),
    "no_sheet": N_("no sheet"),
    "invalid_deliberation": N_("invalid deliberation"),
    "changed_after_deliberation": N_("changed after the deliberation"),
    "tampered_deliberation": N_("deliberation changed after signing"),
    "unknown_sheet": N_("unknown sheet"),
    "invisible_characters": N_("invisible characters"),
    "conflict": N_("two versions of a file"),
}


def anomaly_label(kind: str, translate: Translate | None = None) -> str:
    """The label of an anomaly kind in the current (or given) language; the code itself if it has none."""
    label = ANOMALY_LABELS.get(kind)
    return render(label, (), translate) if label else kind


@dataclass(frozen=True)
class Anomaly:
    """Something the certifier must know about one file or candidate.

    ``kind`` is a stable code (``no_sheet``, ``not_submitted``…); ``message``
    is a message id filled with ``params``, and ``problems`` are the located
    problems of a file that could not be read, all translated when shown.
    """

    session: str
    candidate: str
    juror: str
    path: Path | None
    kind: str
    message: str
    params: tuple[tuple[str, object], ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def is_notice(self) -> bool:
        """Listed for the record, but not a fault in the data (a draft sheet)."""
        return self.kind in NOTICE_KINDS

    def label(self, translate: Translate | None = None) -> str:
        return anomaly_label(self.kind, translate)

    def text(self, translate: Translate | None = None) -> str:
        """The message, then each located problem, in the current (or given) language."""
        lines = [render(self.message, self.params, translate)]
        lines += [problem.render(translate) for problem in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class AnomalyCounts:
    """How many anomalies (faults in the data) and notices (for the record, e.g. a draft) were found."""

    anomalies: int
    notices: int


def count_anomalies(anomalies: Iterable[Anomaly]) -> AnomalyCounts:
    """The one count the console, the export dialog and the workbook's About sheet all report."""
    items = list(anomalies)
    notices = sum(1 for a in items if a.is_notice)
    return AnomalyCounts(len(items) - notices, notices)
