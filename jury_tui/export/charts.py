"""Native Excel charts beside the tables they draw (openpyxl.chart), for harmonisation at a glance.

- Critères: achieved rate and divergence rate per criterion;
- Jurés: each juror's achieved rate beside the other jurors' rate on the same
  candidates.

The charts read the table's own cells (nothing is computed twice), so the
numbers under a bar are always those in the table.  The two series differ by
a pattern as well as a colour, and the table beside the chart gives every
value in words: nothing rests on colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from jury_tui.export.tables import Chart

SERIES_LOOK = (("1F4E78", None), ("F4B183", "dkUpDiag"))  # dark solid; light hatched


def add_rate_chart(sheet: WriteOnlyWorksheet, chart_spec: Chart, columns: int, rows: int) -> None:
    """A clustered column chart of the rate columns of ``chart_spec``, over the first column's labels."""
    if rows == 0:
        return
    ws: Any = sheet  # the type stubs do not know write-only worksheets take charts
    chart: Any = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = chart_spec.title
    chart.y_axis.title = chart_spec.axis
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend.position = "b"
    for (column, (colour, pattern)) in zip(chart_spec.columns, SERIES_LOOK):
        data = Reference(ws, min_col=column + 1, min_row=1, max_row=rows + 1)
        chart.add_data(data, titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties = GraphicalProperties(solidFill=colour if pattern is None else None,
                                                         ln=LineProperties(solidFill="000000"))
        if pattern is not None:
            look: Any = {"prst": pattern, "fgClr": ColorChoice(srgbClr=cast(Any, colour)),
                         "bgClr": ColorChoice(srgbClr=cast(Any, "FFFFFF"))}
            series.graphicalProperties.pattFill = PatternFillProperties(**look)
    labels = Reference(ws, min_col=1, min_row=2, max_row=rows + 1)
    for series in chart.series:  # the labels are text (criterion ids, jurors' names): a string reference
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    chart.width = min(32.0, max(18.0, 4.0 + 1.4 * rows))
    chart.height = 9.0
    ws.add_chart(chart, f"{get_column_letter(columns + 2)}2")
