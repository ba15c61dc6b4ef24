"""Charts drawn twice from one description: by Chart.js on screen (installed from npm, served from our static
files, started by static/js/charts.js from a JSON script tag: the pages allow no inline script) and as SVG
made on the server for the PDFs (WeasyPrint draws SVG; no JavaScript there). Every chart is shown with its
numbers in a table beside it (templates/components/chart.html), so a screen reader, a printout and a copy into
a spreadsheet get the figures, not a picture.

    chart = Chart(title="ครัวเรือนที่ได้รับการส่งเสริม", labels=("ต.ค.", "พ.ย."), unit="ครัวเรือน",
                  series=(Series("แผน", (10, 20)), Series("ผล", (8, 21))), kind="line")
    chart.chartjs()   # the Chart.js configuration (a dict, for json_script)
    chart.svg()       # the same chart as an SVG element (a SafeString), for the book

Why our own SVG rather than a package: the charts are simple (grouped bars, lines over months), and the
packages that draw SVG in Python (matplotlib, pygal) would add a large dependency (matplotlib) or one whose
text we could not give Thai fonts and the page's exact text (pygal's own styles and fonts);
150 lines of SVG do it.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colours that keep 3:1 against white and against each other's neighbours (Bootstrap's blue,
# orange, green, grey).
PALETTE = ("#0d6efd", "#d9480f", "#198754", "#6c757d", "#6f42c1", "#a3195b")
KINDS = ("bar", "line")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one number (or None: no figure) per label


@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple
    series: tuple
    kind: str = "bar"
    unit: str = ""
    colours: tuple = PALETTE

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r}: one of {KINDS}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for {len(self.labels)} labels"
                )

    # -- the numbers -----------------------------------------------------------------------------------------

    def rows(self) -> list[tuple]:
        """(label, [value per series]) for the table beside the chart."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    def top(self) -> float:
        """The axis' top: a round number at or above the largest value (1 for an empty or all-zero chart)."""
        largest = max((float(v) for s in self.series for v in s.values if v is not None), default=0.0)
        return nice_ceiling(largest)

    # -- on screen -------------------------------------------------------------------------------------------

    def chartjs(self) -> dict:
        """The Chart.js configuration: numbers as numbers, no functions (it travels as JSON)."""
        return {
            "type": self.kind,
            "data": {
                "labels": [str(label) for label in self.labels],
                "datasets": [
                    {
                        "label": str(s.name),
                        "data": [None if v is None else float(v) for v in s.values],
                        "backgroundColor": self.colours[i % len(self.colours)],
                        "borderColor": self.colours[i % len(self.colours)],
                        "fill": False,
                    }
                    for i, s in enumerate(self.series)
                ],
            },
            "options": {
                "responsive": True,
                "maintainAspectRatio": False,
                "animation": False,
                "plugins": {"title": {"display": False}, "legend": {"position": "bottom"}},
                "scales": {
                    "y": {
                        "beginAtZero": True,
                        "suggestedMax": self.top(),
                        "title": {"display": bool(self.unit), "text": str(self.unit)},
                    }
                },
            },
        }

    # -- in the PDF ------------------------------------------------------------------------------------------

    def svg(self, width: int = 640, height: int = 300) -> str:
        """The chart as an SVG element; every text escaped (labels are users' data)."""
        left, right, top_margin, bottom = 64, 12, 34, 56
        plot_w, plot_h = width - left - right, height - top_margin - bottom
        top = self.top()
        opening = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(self.title)}" '
            f'font-family="Sarabun, sans-serif" font-size="11">'
        )
        parts = [opening, f"<title>{escape(self.title)}</title>"]
        # the legend, above the plot
        x = left
        for i, s in enumerate(self.series):
            colour = self.colours[i % len(self.colours)]
            parts.append(
                f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="17">{escape(s.name)}</text>'
            )
            x += 24 + 7 * len(str(s.name))
        # the grid and the axis' numbers (five steps)
        for step in range(6):
            value = top * step / 5
            y = top_margin + plot_h - plot_h * step / 5
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#dee2e6"/>'
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(figure(value))}</text>'
            )
        if self.unit:
            parts.append(f'<text x="8" y="{top_margin - 8}" fill="#495057">{escape(self.unit)}</text>')
        count = max(len(self.labels), 1)
        slot = plot_w / count
        for i, label in enumerate(self.labels):
            cx = left + slot * (i + 0.5)
            parts.append(
                f'<text x="{cx:.1f}" y="{top_margin + plot_h + 16}" text-anchor="middle">'
                f"{escape(short(str(label), max(3, int(slot / 7))))}<title>{escape(label)}</title></text>"
            )
        if self.kind == "bar":
            parts += self._bars(left, top_margin, plot_h, slot, top)
        else:
            parts += self._lines(left, top_margin, plot_h, slot, top)
        if not self.labels or not self.series:
            parts.append(
                f'<text x="{left + plot_w / 2:.1f}" y="{top_margin + plot_h / 2:.1f}" '
                f'text-anchor="middle" fill="#6c757d">—</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))

    def _y(self, value, top_margin, plot_h, top):
        return top_margin + plot_h - plot_h * float(value) / top

    def _bars(self, left, top_margin, plot_h, slot, top):
        n = max(len(self.series), 1)
        bar = slot * 0.8 / n
        parts = []
        for i in range(len(self.labels)):
            for j, s in enumerate(self.series):
                value = s.values[i]
                if value is None:
                    continue
                y = self._y(max(float(value), 0.0), top_margin, plot_h, top)
                x = left + slot * i + slot * 0.1 + bar * j
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                    f'height="{top_margin + plot_h - y:.1f}" fill="{self.colours[j % len(self.colours)]}">'
                    f"<title>{escape(s.name)} {escape(self.labels[i])}: {escape(figure(value))}</title>"
                    f"</rect>"
                )
        return parts

    def _lines(self, left, top_margin, plot_h, slot, top):
        parts = []
        for j, s in enumerate(self.series):
            colour = self.colours[j % len(self.colours)]
            points = [
                (left + slot * (i + 0.5), self._y(v, top_margin, plot_h, top))
                for i, v in enumerate(s.values)
                if v is not None
            ]
            if len(points) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                    + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                    + '"/>'
                )
            parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points]
        return parts


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (1 for nothing to show)."""
    if value <= 0 or math.isnan(value) or math.isinf(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def figure(value) -> str:
    """A number as the tables write it: thousands separated, at most two decimals, no trailing zeros."""
    if value is None:
        return "—"
    number = float(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"
