"""Synchronise a workspace between machines through the system ``git``.

No server of jury-tui's own: the certifier keeps one bare repository per
session wherever they already can (ssh, https, a shared drive), and each
machine runs ``jury-tui sync``.  This package depends on the domain; the
domain never imports it.  See ``docs/workspace.md``.
"""
