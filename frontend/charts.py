"""The geometry of the site's bar charts, SVGs drawn by templates without any script:
where each bar, axis tick and band goes. One bar layout (`bar_rows`, drawn by
frontend/_chart_bars.html) serves the round results chart
(frontend/prototypes/_summary_chart.html, from prototypes.selectors.round_summary_for) and
the fact page's trends (frontend/facts/_fact_chart.html, from facts.selectors.trends)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from prototypes.scoring import BANDS


@dataclass(frozen=True)
class Bar:
    """One bar to draw: its value on the chart's scale, the text after it, the label before
    it (or none), and its look (a CSS class; `hatched` fills it with the chart's pattern)."""

    value: float | None
    text: str
    label: str = ""
    css: str = "bar"
    hatched: bool = True
    #: Extra space above the bar (the first bar of a group).
    gap: float = 0


def bar_rows(
    bars: Sequence[Bar],
    *,
    top: float,
    row: float,
    height: float,
    left: float,
    width: float,
    low: float = 0.0,
    high: float = 1.0,
) -> tuple[list[dict[str, Any]], float]:
    """Where each bar goes on a scale from `low` to `high` (a bar grows from zero, so a
    negative value reaches left of it), and the y below the last one."""
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return round(left + (value - low) / span * width, 1)

    zero = x_of(min(max(0.0, low), high))
    rows = []
    y = top
    for bar in bars:
        y += bar.gap
        value = bar.value or 0.0
        start, end = sorted((zero, x_of(value)))
        rows.append(
            {
                "y": y,
                "text_y": round(y + height * 0.7, 1),
                "x": start,
                "width": round(end - start, 1),
                "height": height,
                "value_x": max(end, zero) + 8,
                "text": bar.text,
                "label": bar.label,
                "css": bar.css,
                "hatched": bar.hatched,
            }
        )
        y += row
    return rows, y


def chart_geometry(summary: dict[str, Any]) -> dict[str, Any]:
    """Coordinates for the round results SVG: bars per task and the SUS scale."""
    left, width, row = 150, 360, 44
    tasks = []
    bars = []
    for task in summary["tasks"]:
        rate = task["completion_rate"]
        percent = None if rate is None else round(rate * 100)
        tasks.append(
            {
                "number": task["number"],
                "percent": percent,
                "completed": task["completed"],
                "responses": task["responses"],
            }
        )
        text = "–" if percent is None else f"{percent} % ({task['completed']}/{task['responses']})"
        bars.append(Bar(rate, text, label=_("Task %(number)s") % {"number": task["number"]}))
    rows, tasks_bottom = bar_rows(bars, top=40, row=row, height=26, left=left, width=width)
    axis = [{"x": left + width * p / 100, "label": f"{p} %"} for p in (0, 25, 50, 75, 100)]
    sus_top = tasks_bottom + 60
    mean = summary["sus"]["mean"]
    bands = [
        {
            "x": left + width * band.lower / 100,
            "label": int(band.lower),
            "code": band.code,
        }
        for band in BANDS
    ]
    return {
        "left": left,
        "width": width,
        "right": left + width,
        "pattern": "hatch",
        "tasks": tasks,
        "bars": rows,
        "grid_top": 30,
        "tasks_bottom": tasks_bottom,
        "bars_bottom": tasks_bottom,
        "axis": axis,
        "axis_label_y": tasks_bottom + 18,
        "sus_top": sus_top,
        "sus_bar_y": sus_top + 42,
        "sus_label_y": sus_top + 24,
        "sus_tick_y": sus_top + 74,
        "bands": bands,
        "mean_x": None if mean is None else round(left + width * mean / 100, 1),
        "height": sus_top + 90,
    }


def bar_chart(rows: list[dict[str, Any]], *, value: str = "contributions") -> dict[str, Any]:
    """Coordinates for a horizontal bar chart of counts (frontend/dialogues/_bar_chart.html,
    drawn like the round results chart): one bar per row, `None` values (not shown: below
    the minimum group size) drawn as an empty track."""
    left, width, row = 190, 330, 40
    largest = max((r[value] or 0 for r in rows), default=0) or 1
    bars = []
    for index, r in enumerate(rows):
        count = r[value]
        y = 10 + index * row
        bar = round((count or 0) / largest * width, 1)
        bars.append(
            {
                "label": r["name"],
                "count": count,
                "y": y,
                "text_y": y + 18,
                "width": bar,
                "value_x": left + bar + 8,
            }
        )
    return {"left": left, "width": width, "bars": bars, "height": 20 + len(rows) * row}
