"""Printable documents in PDF: the jury's minutes (PV) and candidates' decision letters.

Built with fpdf2 on the domain's consolidated records; the domain never
imports this package.  Every text goes through :class:`document.Document`,
which embeds DejaVu Sans (shipped in ``fonts/``) and prints any character the
font lacks as a visible ``[U+XXXX]`` while reporting it (never dropped).
"""
