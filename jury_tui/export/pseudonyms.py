"""Stable pseudonyms for exports: the same candidate always gets the same one.

An HMAC of the candidate id with a secret kept in the workspace (created on
first use, owner-only), so a pseudonym cannot be reversed by trying ids.
"""

from __future__ import annotations

import hashlib
import hmac
import re
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


_WORD = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w+")


class Scrubber:
    """Replaces every candidate's id, name and e-mail address inside free text by their pseudonym.

    Secrets are found where a word starts (a word of a file name, a message,
    a path), the longest first (« Martin Léa » before « Martin »), by one
    pass over the text and a dictionary lookup per word: scrubbing stays
    linear however many candidates the workbook holds.
    """

    def __init__(self, aliases: dict[str, str]) -> None:
        self.by_first: dict[str, list[tuple[str, str]]] = {}
        for secret, alias in aliases.items():
            first = _WORD.search(secret)
            if len(secret) <= 2 or first is None or first.start() != 0:
                continue
            self.by_first.setdefault(first.group(), []).append((secret, alias))
        for found in self.by_first.values():
            found.sort(key=lambda pair: -len(pair[0]))

    def __call__(self, value: object) -> object:
        if not isinstance(value, str) or not self.by_first:
            return value
        parts: list[str] = []
        done = 0
        for word in _WORD.finditer(value):
            start = word.start()
            found = self.by_first.get(word.group()) if start >= done else None
            for secret, alias in found or ():
                end = start + len(secret)
                if value.startswith(secret, start) and not (end < len(value) and value[end].isalnum()):
                    parts += (value[done:start], alias)
                    done = end
                    break
        if not parts:
            return value
        parts.append(value[done:])
        return "".join(parts)
