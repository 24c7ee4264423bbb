"""A sync's outcome and a workspace's sync state in words, for the command line and the app."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from jury_tui.i18n import N_, _, format_datetime, format_time
from jury_tui.sync.engine import MERGING, RECEIVING, RECORDING, SENDING, SyncReport
from jury_tui.sync.state import SyncState

MAX_RECEIVED_LINES = 8

# git's own words (in English: it runs with LC_ALL=C) for the usual causes, said in the interface language
_GIT_CAUSES = (
    (("does not appear to be a git repository", "repository not found", "not found"),
     N_("there is no repository at this address")),
    (("could not resolve host",), N_("the server's name is unknown (no network, or a mistake in the address)")),
    (("connection refused", "connection timed out", "network is unreachable", "no route to host",
      "failed to connect", "no answer after"), N_("the server does not answer (no network, or the server is down)")),
    (("permission denied", "authentication failed", "could not read username", "could not read password",
      "terminal prompts disabled", "host key verification failed"),
     N_("the server refused this machine's access (key or password)")),
)

def step_text(step: str) -> str:
    labels = {
        RECORDING: _("Recording this machine's changes…"),
        RECEIVING: _("Receiving the others' changes…"),
        MERGING: _("Merging what was received…"),
        SENDING: _("Sending…"),
    }
    return labels.get(step, step)


def when_text(moment: dt.datetime) -> str:
    """« 10:42 » today, « 14/12/2026 10:42 » another day."""
    local = moment.astimezone() if moment.tzinfo else moment
    if local.date() == dt.datetime.now().astimezone().date():
        return format_time(local)
    return format_datetime(local)


def reason_text(detail: str) -> str:
    """Why git could not reach the server, in the interface language; git's own words only for an unusual cause."""
    lowered = detail.lower()
    for needles, message in _GIT_CAUSES:
        if any(needle in lowered for needle in needles):
            return _(message)
    return _('git says "{detail}"').format(detail=detail)


def changes_text(count: int) -> str:
    """« 3 modifications non envoyées »."""
    text = _("{count} change not sent") if count <= 1 else _("{count} changes not sent")
    return text.format(count=count)


def state_text(state: SyncState) -> str:
    """One line for the session list, in words."""
    if not state.configured:
        return _("Not synchronised (see jury-tui sync --help)")
    if state.error:
        return _("Sync state unknown: {error}").format(error=state.error)
    parts = []
    if state.running:
        parts.append(_("synchronising…"))
    if state.unreachable and state.last_attempt is not None:
        parts.append(_("server unreachable at {time}").format(time=when_text(state.last_attempt)))
    if state.unsent:
        parts.append(changes_text(state.unsent))
    if state.last_sync is not None:
        parts.append(_("synchronised at {time}").format(time=when_text(state.last_sync)))
    elif not state.running:
        parts.append(_("never synchronised"))
    if state.conflicts:
        text = _("⚠ {count} conflict to resolve") if state.conflicts <= 1 else _("⚠ {count} conflicts to resolve")
        parts.append(text.format(count=state.conflicts))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def report_lines(report: SyncReport) -> list[str]:
    """What a sync did, one fact per line, most important last (the outcome)."""
    lines = []
    if report.cloned:
        lines.append(_("Copied {remote} into {root}.").format(remote=report.remote, root=report.root))
    if report.created:
        lines.append(_("{root} is now a git repository synchronised with {remote}.").format(
            root=report.root, remote=report.remote))
    if report.resumed:
        lines.append(_("An update interrupted last time was finished."))
    for subject in report.recorded:
        lines.append(_("Recorded here: {subject}").format(subject=subject))
    for subject in report.received[:MAX_RECEIVED_LINES]:
        lines.append(_("Received: {subject}").format(subject=subject))
    if len(report.received) > MAX_RECEIVED_LINES:
        lines.append(_("Received: {count} more").format(count=len(report.received) - MAX_RECEIVED_LINES))
    if not report.cloned and not report.created:
        for subject in report.sent_subjects[:MAX_RECEIVED_LINES]:
            lines.append(_("Sent: {subject}").format(subject=subject))
        if len(report.sent_subjects) > MAX_RECEIVED_LINES:
            lines.append(_("Sent: {count} more").format(count=len(report.sent_subjects) - MAX_RECEIVED_LINES))
    for conflict in report.conflicts:
        if conflict.copy:
            lines.append(_("⚠ Two versions of {path}: the one received from {source} is kept beside it, as {copy}. "
                           "Open the candidate in the app to choose.").format(
                path=conflict.path, source=conflict.source, copy=PurePosixPath(conflict.copy).name))
        else:
            lines.append(_("⚠ {path} was deleted on one side and changed on the other: it is kept.").format(
                path=conflict.path))
    for path in report.deferred:
        lines.append(_("⏸ {path} is open in the app on this machine: the version received will be applied at the "
                       "next sync, once it is closed. Nothing was sent.").format(path=path))
    if report.unreachable and not report.unsent:
        lines.append(_("✘ The server cannot be reached ({remote}): {reason}. Nothing here waits to be sent.").format(
            remote=report.remote, reason=reason_text(report.unreachable)))
    elif report.unreachable:
        lines.append(_("✘ The server cannot be reached ({remote}): {reason}. Your changes are recorded here "
                       "({unsent}) and will be sent at the next sync.").format(
            remote=report.remote, reason=reason_text(report.unreachable), unsent=changes_text(report.unsent)))
    elif not report.deferred:
        moment = when_text(dt.datetime.now().astimezone())
        if report.sent or report.received or report.recorded:
            lines.append(_("✔ Synchronised at {time}.").format(time=moment))
        else:
            lines.append(_("✔ Synchronised at {time}: nothing new.").format(time=moment))
    return lines


def summary(report: SyncReport) -> str:
    """The outcome in one line (the app's notification)."""
    if report.unreachable and not report.unsent:
        return _("Server unreachable: nothing here waits to be sent.")
    if report.unreachable:
        return _("Server unreachable: your changes are kept here ({unsent}) and will be sent at the next sync.").format(
            unsent=changes_text(report.unsent))
    if report.deferred:
        return _("A sheet received is open here: close it, then sync again.")
    received = len(report.received)
    if report.conflicts:
        return _("Synchronised; {count} conflict(s) kept: open the candidate to choose a version.").format(
            count=len(report.conflicts))
    return _("Synchronised: {sent} recorded here, {received} received.").format(
        sent=len(report.recorded), received=received)
