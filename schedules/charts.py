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
from typing import Any, NamedTuple

from matplotlib.figure import Figure

MAX_PUPILS = 25
BEHIND, ON_TRACK = "#D55E00", "#0072B2"  # Okabe-Ito vermillion, blue
CAPTION = "% of this week's planned sessions delivered (hatched: behind pace)"


class Bar(NamedTuple):
    """One pupil's bar: sessions delivered (up to each provision's target) of those planned."""

    pupil_id: int
    pupil: str
    delivered: int
    planned: int
    behind: bool


def per_pupil(rows) -> list[Bar]:
    """A bar per pupil with a target this week, most behind first, at most MAX_PUPILS
    (ties by name, then pupil; `rows` in any order).

    `rows` are storage.queries.pace.ProvisionWeek; delivery beyond a provision's
    target doesn't make up for another provision that is short.
    """
    # pupil id -> [delivered, planned, sessions short, the row that names the pupil]
    totals: dict[int, list] = {}
    for r in rows:
        entry = totals.get(r.pupil_id)
        if entry is None:
            entry = totals[r.pupil_id] = [0, 0, 0, r]
        entry[0] += min(r.delivered, r.target)
        entry[1] += r.target
        entry[2] += max(r.expected - r.delivered, 0)
    bars = [
        (short, done / planned, row.pupil, pid, done, planned)
        for pid, (done, planned, short, row) in totals.items()
        if planned > 0
    ]
    bars.sort(key=lambda b: (-b[0], b[1], b[2], b[3]))
    return [
        Bar(pid, name, done, planned, short > 0)
        for short, _, name, pid, done, planned in bars[:MAX_PUPILS]
    ]


def chart_spec(bars: list[Bar], title: str, filename: str) -> dict[str, Any] | None:
    """What the chart will show, JSON-ready for the outbox; None when nothing is planned."""
    if not bars:
        return None
    return {
        "filename": filename,
        "title": title,
        "pupils": [[b.pupil, b.delivered, b.planned, b.behind] for b in bars],
    }


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
