"""Git merge driver for gettext catalogs: the union of both sides' translations.

    git config merge.jury-po.driver "python scripts/merge_po.py %O %A %B"

(``python scripts/i18n.py install-merge-driver`` sets it up.)  Messages added
on either side are kept; a translation changed on one side only wins over the
base; when both sides changed one message differently, ours is kept and the
message is marked fuzzy so that a person looks at it.  Afterwards run
``python scripts/i18n.py sync`` to refresh the template and the .mo files.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from i18n import PO_OPTIONS


def _read(path: str) -> Catalog:
    try:
        with open(path, "rb") as handle:
            return read_po(handle)
    except (OSError, ValueError):
        return Catalog()


def merge(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    conflicts = 0
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id)
        if mine is None:
            ours.add(message.id, message.string, flags=message.flags)
            continue
        if mine.string == message.string:
            continue
        original = base.get(message.id)
        before = original.string if original is not None else None
        if mine.string == before or not mine.string:
            mine.string = message.string
        elif message.string != before and message.string:
            mine.flags.add("fuzzy")
            conflicts += 1
    with open(ours_path, "wb") as handle:
        write_po(handle, ours, **PO_OPTIONS)
    if conflicts:
        print(f"merge_po: {conflicts} message(s) translated differently on both sides, ours kept (marked fuzzy)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(merge(*sys.argv[1:4]))
