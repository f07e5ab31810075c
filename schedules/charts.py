"""The digest's chart: provision delivered this week against plan, one bar per pupil.

Rendered with matplotlib's Agg backend (no display, thread-safe enough for a
scheduler thread when each call owns its Figure) to a small PNG a phone can
show inline.
"""

from __future__ import annotations

import io
from collections import defaultdict

from matplotlib.figure import Figure

MAX_PUPILS = 25


def provision_chart(rows, title: str) -> bytes | None:
    """PNG bytes of delivered vs planned per pupil (behind first), or None if nothing planned.

    `rows` are storage.queries.ProvisionWeek.
    """
    per_pupil: dict[int, list] = defaultdict(lambda: ["", 0, 0, 0])
    for r in rows:
        entry = per_pupil[r.pupil_id]
        entry[0] = r.pupil
        entry[1] += min(r.delivered, r.target)
        entry[2] += r.target
        entry[3] += max(r.expected - r.delivered, 0)
    pupils = [e for e in per_pupil.values() if e[2] > 0]
    if not pupils:
        return None
    pupils.sort(key=lambda e: (-e[3], e[1] / e[2], e[0]))
    pupils = pupils[:MAX_PUPILS][::-1]  # barh draws bottom-up
    names = [f"{e[0]}  {e[1]}/{e[2]}" for e in pupils]
    done = [100 * e[1] / e[2] for e in pupils]
    colours = ["#c0392b" if e[3] else "#27ae60" for e in pupils]

    height = 0.9 + 0.24 * len(pupils)
    fig = Figure(figsize=(5.5, height), dpi=80)
    # Fixed margins and one bar series: tight_layout() and per-bar labels cost
    # more than all of the digest's queries.
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.35 / height, bottom=0.55 / height)
    ax = fig.add_subplot()
    ax.set_facecolor("#ecf0f1")
    ax.barh(names, done, color=colours)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of this week's planned sessions delivered (red: behind pace)", fontsize=7)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="both", labelsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
