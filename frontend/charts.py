"""The geometry of the round results chart, an SVG drawn by the template
(frontend/prototypes/_summary_chart.html) without any script: where each bar, axis tick
and band goes, computed from a round summary (prototypes.selectors.round_summary_for)."""

from __future__ import annotations

from typing import Any

from prototypes.scoring import BANDS


def chart_geometry(summary: dict[str, Any]) -> dict[str, Any]:
    """Coordinates for the server-rendered SVG: bars per task and the SUS scale."""
    left, width, row = 150, 360, 44
    tasks = []
    for index, task in enumerate(summary["tasks"]):
        rate = task["completion_rate"]
        y = 40 + index * row
        bar = round((rate or 0) * width, 1)
        tasks.append(
            {
                "number": task["number"],
                "y": y,
                "text_y": y + 18,
                "width": bar,
                "value_x": left + bar + 8,
                "percent": None if rate is None else round(rate * 100),
                "completed": task["completed"],
                "responses": task["responses"],
            }
        )
    tasks_bottom = 40 + len(tasks) * row
    axis = [{"x": left + width * p / 100, "label": p} for p in (0, 25, 50, 75, 100)]
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
        "tasks": tasks,
        "tasks_bottom": tasks_bottom,
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
