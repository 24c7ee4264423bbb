"""The line-by-line mode: score a sheet with a screen reader or a braille display.

``jury-tui score SESSION CANDIDATE --juror ID --plain`` and ``jury-tui
--plain``.  A dialogue of plain lines in the terminal's own stream, built on
the same domain code as the workbench (:func:`open_sheet`, the
:class:`SheetKeeper`, the sheet's rules and the decision): nothing here
decides what a sheet may hold, only how it is asked and said.

- :mod:`terminal`: lines in and out, readline, signals;
- :mod:`texts`: every sentence said;
- :mod:`commands`: the slash commands, one definition each;
- :mod:`dialogue` and :mod:`walk`: asking, saving, the walk through a sheet;
- :mod:`announcer`: the defence's time, announced between questions;
- :mod:`picker`: session, juror and candidate as numbered choices.
"""
