"""The digest's chart: provision delivered this week against plan, one bar per pupil.

The digest job stores only what the chart shows (a small JSON spec in the
outbox row); the PNG is drawn with matplotlib when the message is delivered.
Why: a chart takes matplotlib 100-200 ms, more than all of a trust's digest
queries together, and a job that only queries and writes text keeps a whole
day's jobs well under a second. Drawing at delivery also means a chart is
only drawn for a message that really goes out.

Colours are Okabe-Ito (vermillion behind, blue on track) with hatching on
the bars that are behind, and every bar carries its numbers, so nothing
depends on telling colours apart or printing in colour.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from matplotlib.figure import Figure

MAX_PUPILS = 25
BEHIND, ON_TRACK = "#D55E00", "#0072B2"  # Okabe-Ito vermillion, blue
CAPTION = "% of this week's planned sessions delivered (hatched: behind pace)"


def per_pupil(rows) -> list[tuple[str, int, int, bool]]:
    """(pupil, delivered, planned, behind) per pupil with a target this week, most behind first.

    `rows` are storage.queries.pace.ProvisionWeek; delivery beyond a provision's
    target doesn't make up for another provision that is short.
    """
    totals: dict[int, list] = defaultdict(lambda: ["", 0, 0, 0])
    for r in rows:
        entry = totals[r.pupil_id]
        entry[0] = r.pupil
        entry[1] += min(r.delivered, r.target)
        entry[2] += r.target
        entry[3] += max(r.expected - r.delivered, 0)
    pupils = [e for e in totals.values() if e[2] > 0]
    pupils.sort(key=lambda e: (-e[3], e[1] / e[2], e[0]))
    return [(name, done, planned, short > 0) for name, done, planned, short in pupils[:MAX_PUPILS]]


def chart_spec(rows, title: str, filename: str) -> dict[str, Any] | None:
    """What the chart will show, JSON-ready for the outbox; None when nothing is planned."""
    pupils = per_pupil(rows)
    if not pupils:
        return None
    return {"filename": filename, "title": title, "pupils": [list(p) for p in pupils]}


def provision_png(spec: dict[str, Any]) -> bytes:
    """Draw a chart spec as a PNG small enough for a phone on mobile data."""
    pupils = [tuple(p) for p in spec["pupils"]][::-1]  # barh draws bottom-up
    names = [f"{name}  {done}/{planned}" for name, done, planned, _ in pupils]
    done = [100 * d / p for _, d, p, _ in pupils]
    behind = [b for *_, b in pupils]
    height = 0.9 + 0.24 * len(pupils)
    fig = Figure(figsize=(5.5, height), dpi=80)
    # Fixed margins: tight_layout() costs more than the whole chart.
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.35 / height, bottom=0.55 / height)
    ax = fig.add_subplot()
    ax.set_facecolor("#ecf0f1")
    bars = ax.barh(names, done, color=[BEHIND if b else ON_TRACK for b in behind])
    for bar, is_behind in zip(bars, behind, strict=True):
        if is_behind:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    ax.set_xlim(0, 100)
    ax.set_xlabel(CAPTION, fontsize=7)
    ax.set_title(spec["title"], fontsize=9)
    ax.tick_params(axis="both", labelsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
