"""Excel export (openpyxl): every table its own sheet, ready to sort, filter and pivot.

Each sheet: a title row, the header row frozen below it (and the first column, the row
labels), an autofilter, integer number formats with thousands separators, a bold totals row,
column widths fitted to the (CJK double-width) text. The first sheet carries a native Excel
bar chart of the report's chart block (its numbers on a small sheet of their own), so it
stays live and editable in Excel and WPS.

Written in openpyxl's write-only mode: the platform × month × unit sheet of a large archive
has tens of thousands of rows, which the ordinary mode styles cell by cell far more slowly.
"""

from __future__ import annotations

import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .blocks import Cell, Chart, Table

FONT = "宋体"
INT_FORMAT = "#,##0"
REAL_FORMAT = "#,##0.00"
CHART_DATA = "图表数据"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_TITLE_FONT = Font(name=FONT, size=14, bold=True)
_HEAD_FONT = Font(name=FONT, bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _width(v: Cell) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(v))


def _sheet_name(caption: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", caption)[:28] or "表"
    name, i = base, 2
    while name in taken:
        name, i = f"{base}{i}", i + 1
    taken.add(name)
    return name


def _cell(ws, value: Cell, *, bold: bool = False):
    """A body cell: a plain value unless it needs a number format or the bold of the totals row.

    Assigning a font to every cell costs openpyxl a style hash per cell (most of the time of a
    large sheet); text cells keep the workbook's default font.
    """
    if value == "":
        return None
    if not bold and not isinstance(value, int | float):
        return value
    c = WriteOnlyCell(ws, value=value)
    if bold:
        c.font = _HEAD_FONT
    if isinstance(value, int | float):
        c.number_format = INT_FORMAT if float(value).is_integer() else REAL_FORMAT
    return c


def _write(ws, table: Table, title: str) -> int:
    """Write `table` with its title in row 1 and its header in row 2; return its last row."""
    ncol = len(table.columns)
    rows = list(table.rows) + ([table.total] if table.total else [])
    widths = [max([_width(table.columns[j])] + [_width(r[j]) for r in rows[:2000]]) for j in range(ncol)]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = "B3"
    last = 2 + len(rows)
    if table.rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(ncol)}{2 + len(table.rows)}"
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = _TITLE_FONT
    ws.append([title_cell])
    header = []
    for name in table.columns:
        c = WriteOnlyCell(ws, value=name)
        c.font, c.fill, c.alignment = _HEAD_FONT, _HEAD_FILL, _CENTER
        header.append(c)
    ws.append(header)
    for values in table.rows:
        ws.append([_cell(ws, v) for v in values])
    if table.total:
        ws.append([_cell(ws, v, bold=True) for v in table.total])
    return last


def _chart(wb, ws, chart: Chart, anchor: str) -> None:
    """A native bar chart on `ws` whose numbers live on the CHART_DATA sheet."""
    data_ws = wb.create_sheet(CHART_DATA)
    data_ws.append(["类别", *(name for name, _ in chart.series)])
    for i, cat in enumerate(chart.categories):
        data_ws.append([cat, *(values[i] for _, values in chart.series)])
    bc = BarChart()
    bc.type = "col"
    bc.title = chart.title
    bc.y_axis.title = "活动数"
    last = 1 + len(chart.categories)
    bc.add_data(
        Reference(data_ws, min_col=2, max_col=1 + len(chart.series), min_row=1, max_row=last),
        titles_from_data=True,
    )
    bc.set_categories(Reference(data_ws, min_col=1, min_row=2, max_row=last))
    bc.width, bc.height = 24, 12
    if len(chart.series) == 1:
        bc.legend = None
    ws.add_chart(bc, anchor)


def render_xlsx(tables: list[Table], chart: Chart | None = None, title: str = "") -> bytes:
    """One sheet per table (named by its caption); `chart` drawn on the first sheet."""
    wb = Workbook(write_only=True)
    taken: set[str] = {CHART_DATA}
    first = None
    for i, table in enumerate(tables):
        ws = wb.create_sheet(_sheet_name(table.caption or f"表{i + 1}", taken))
        last = _write(ws, table, f"{title}　{table.caption or ''}".strip())
        if i == 0:
            first = (ws, last)
    if first is not None and chart is not None:
        _chart(wb, first[0], chart, f"A{first[1] + 3}")  # its data sheet goes last
    if not tables:
        wb.create_sheet("说明").append([title or "无数据"])
    wb.properties.title = title
    wb.properties.creator = "kexie"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
