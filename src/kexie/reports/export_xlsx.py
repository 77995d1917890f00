"""Excel export (openpyxl): every table its own sheet, ready to sort, filter and pivot.

Each sheet: a title row, the header row frozen below it (and the first column, the row
labels), an autofilter, integer number formats with thousands separators, a bold totals row,
column widths fitted to the (CJK double-width) text. The first sheet carries a native Excel
bar chart of the report's chart block, so it stays live and editable in Excel and WPS.
"""

from __future__ import annotations

import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .blocks import Cell, Chart, Table

FONT = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INT_FORMAT = "#,##0"
REAL_FORMAT = "#,##0.00"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _width(v: Cell) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(v))


def _sheet_name(caption: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", caption)[:28] or "表"
    name, i = base, 2
    while name in taken:
        name, i = f"{base}{i}", i + 1
    taken.add(name)
    return name


def _write(ws, table: Table, title: str) -> tuple[int, int]:
    """Write `table` with its title in row 1; return (header row, last data row)."""
    ncol = len(table.columns)
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(ncol, 1))
    header = 2
    for j, name in enumerate(table.columns, start=1):
        c = ws.cell(row=header, column=j, value=name)
        c.font = Font(name=FONT, bold=True)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = list(table.rows) + ([table.total] if table.total else [])
    for i, values in enumerate(rows, start=header + 1):
        is_total = table.total is not None and i == header + len(rows)
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=i, column=j, value=v if v != "" else None)
            c.font = Font(name=FONT, bold=is_total)
            c.border = BORDER
            if isinstance(v, int | float):
                c.number_format = INT_FORMAT if float(v).is_integer() else REAL_FORMAT
    widths = [max([_width(table.columns[j])] + [_width(r[j]) for r in rows[:2000]]) for j in range(ncol)]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    last = header + len(table.rows)
    if table.rows:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(ncol)}{last}"
    return header, last


def _chart(ws, chart: Chart, anchor: str) -> None:
    """A native bar chart of `chart`'s data, written beside it on the sheet."""
    col = ws.max_column + 2
    ws.cell(row=2, column=col, value="类别").font = Font(name=FONT, bold=True)
    for k, (name, _values) in enumerate(chart.series, start=1):
        ws.cell(row=2, column=col + k, value=name).font = Font(name=FONT, bold=True)
    for i, cat in enumerate(chart.categories, start=3):
        ws.cell(row=i, column=col, value=cat)
        for k, (_name, values) in enumerate(chart.series, start=1):
            ws.cell(row=i, column=col + k, value=values[i - 3]).number_format = INT_FORMAT
    bc = BarChart()
    bc.type = "col"
    bc.title = chart.title
    bc.y_axis.title = "活动数"
    bc.y_axis.majorGridlines = None
    last = 2 + len(chart.categories)
    data = Reference(ws, min_col=col + 1, max_col=col + len(chart.series), min_row=2, max_row=last)
    cats = Reference(ws, min_col=col, min_row=3, max_row=last)
    bc.add_data(data, titles_from_data=True)
    bc.set_categories(cats)
    bc.width, bc.height = 24, 12
    bc.legend = None if len(chart.series) == 1 else bc.legend
    ws.add_chart(bc, anchor)


def render_xlsx(tables: list[Table], chart: Chart | None = None, title: str = "") -> bytes:
    """One sheet per table (named by its caption); `chart` drawn on the first sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for i, table in enumerate(tables):
        ws = wb.create_sheet(_sheet_name(table.caption or f"表{i + 1}", taken))
        _header, last = _write(ws, table, f"{title}　{table.caption or ''}".strip())
        if i == 0 and chart is not None:
            _chart(ws, chart, f"A{last + 4}")
    if not tables:
        wb.create_sheet("说明").cell(row=1, column=1, value=title or "无数据")
    wb.properties.title = title
    wb.properties.creator = "kexie"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
