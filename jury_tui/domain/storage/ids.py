"""Identifiers that become file and folder names must be safe ones."""

from __future__ import annotations

import re

from jury_tui.domain.storage.errors import N_, Msg

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def is_safe_id(value: str) -> bool:
    """Letters, digits, dot, dash, underscore; no leading dot; at most 64."""
    return bool(_SAFE_ID.match(value)) and ".." not in value


SAFE_ID_HINT = Msg(N_("letters, digits, '.', '-' or '_', starting with a letter or digit, at most 64"))
