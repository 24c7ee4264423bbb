"""The one write path: atomic, durable, private, and honest about failures."""

from __future__ import annotations

import os
import stat

import pytest

from jury_tui.domain.storage import durable
from jury_tui.domain.storage.durable import WriteFailed, append_durable, write_atomic
from jury_tui.i18n import translator


def test_new_file_is_owner_only_and_complete(tmp_path):
    path = tmp_path / "a" / "b" / "f.toml"
    write_atomic(path, "é = 1\n")
    assert path.read_text(encoding="utf-8") == "é = 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_failure_keeps_previous_file_and_leaves_no_temp(tmp_path, monkeypatch, failing):
    path = tmp_path / "f.toml"
    write_atomic(path, "old")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    target = {"fsync": (os, "fsync"), "replace": (os, "replace"), "write": (os, "fdopen")}[failing]
    monkeypatch.setattr(*target, boom)
    with pytest.raises(WriteFailed) as info:
        write_atomic(path, "new")
    monkeypatch.undo()
    assert info.value.problems[0].render(translator("en")) == f"{path}: cannot save this file (the disk is full)"
    assert str(info.value) == f"{path}: impossible d'enregistrer ce fichier (le disque est plein)"
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.toml"]


def test_read_only_folder_is_reported(tmp_path, monkeypatch):
    # root ignores permission bits, so the refusal the kernel would give is injected
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(durable.tempfile, "mkstemp", refuse)
    with pytest.raises(WriteFailed, match="permission refusée"):
        write_atomic(tmp_path / "f.toml", "x")


def test_append_durable_appends_lines(tmp_path):
    path = tmp_path / "j.jsonl"
    append_durable(path, "one")
    append_durable(path, "two")
    assert path.read_text() == "one\ntwo\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
