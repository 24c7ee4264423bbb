"""Stable pseudonyms for exports: the same candidate always gets the same one.

An HMAC of the candidate id with a secret kept in the workspace (created on
first use, owner-only), so a pseudonym cannot be reversed by trying ids.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from jury_tui.domain.storage.durable import write_atomic

SALT_FILE = ".jury-tui-pseudonym-key"


def workspace_key(workspace_root: Path) -> bytes:
    path = Path(workspace_root) / SALT_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        key = secrets.token_bytes(32)
        write_atomic(path, key.hex())
        return key


def pseudonym(key: bytes, candidate_id: str) -> str:
    digest = hmac.new(key, candidate_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P-" + digest[:10].upper()
