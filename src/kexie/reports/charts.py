"""Bar charts: one ReportLab drawing, vector in the PDF, a PNG in Word.

The PNG is made by rendering the drawing's one-page PDF with PDFium (pypdfium2, already a
dependency for reading PDFs) rather than by a second plotting library: one chart code path,
the same embedded Chinese font, no extra native toolkit.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from .blocks import Chart
from .fonts import sans_font

# Sober, print-friendly colours (distinguishable in greyscale too).
PALETTE = (
    "#c0392b",
    "#2e86c1",
    "#28b463",
    "#d68910",
    "#7d3c98",
    "#17a589",
    "#a04000",
    "#5d6d7e",
    "#b7950b",
    "#1f618d",
    "#922b21",
)

WIDTH = 440.0  # points: fits the A4 text block of an official document (156 mm)
HEIGHT = 230.0


def _nice_step(top: float) -> float:
    """A value-axis step of 1, 2 or 5 × 10^k giving about five gridlines."""
    if top <= 5:
        return 1
    raw = top / 5
    mag = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def drawing(chart: Chart, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """The chart as a ReportLab drawing (a flowable in platypus documents)."""
    font = sans_font()
    d = Drawing(width, height)
    d.add(String(width / 2, height - 16, chart.title, fontName=font, fontSize=12, textAnchor="middle"))
    legend_h = 18 if len(chart.series) > 1 else 0
    bc = VerticalBarChart()
    bc.x, bc.y = 42, 34 + legend_h
    bc.width, bc.height = width - 58, height - 64 - legend_h
    data = [list(values) for _name, values in chart.series] or [[0] * len(chart.categories)]
    bc.data = data
    bc.categoryAxis.categoryNames = list(chart.categories)
    for axis in (bc.categoryAxis.labels, bc.valueAxis.labels):
        axis.fontName = font
        axis.fontSize = 8
    if len(chart.categories) > 8:
        bc.categoryAxis.labels.angle = 30
        bc.categoryAxis.labels.boxAnchor = "ne"
    if chart.stacked:
        bc.categoryAxis.style = "stacked"
        top = max((sum(col) for col in zip(*data, strict=True)), default=0)
    else:
        top = max((max(s, default=0) for s in data), default=0)
    step = _nice_step(max(top, 1))
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueStep = step
    bc.valueAxis.valueMax = step * (int(max(top, 1) / step) + 1)
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    bc.barSpacing = 1
    bc.groupSpacing = 6
    for i in range(len(data)):
        bc.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
        bc.bars[i].strokeColor = None
    d.add(bc)
    if legend_h:
        lg = Legend()
        lg.x, lg.y = 42, 12
        lg.alignment = "right"
        lg.fontName = font
        lg.fontSize = 8
        lg.columnMaximum = 1
        lg.deltax = 70
        lg.dx = lg.dy = 7
        lg.colorNamePairs = [
            (colors.HexColor(PALETTE[i % len(PALETTE)]), name) for i, (name, _v) in enumerate(chart.series)
        ]
        d.add(lg)
    return d


def png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG bytes: the drawing's PDF rasterized by PDFium."""
    pdf = renderPDF.drawToString(drawing(chart))
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
