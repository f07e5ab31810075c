"""The reports' charts as PNG bytes, drawn with matplotlib's Agg renderer.

Colours are the Okabe-Ito palette (safe for the common colour-vision
deficiencies) and every series also differs by hatching, marker or line
style, so the charts still read when printed in greyscale. Each call owns its
Figure (no pyplot state), so charts can be drawn from any thread.
"""

from __future__ import annotations

import io
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from handlers.reports.evidence import Behaviour, ProvisionDelivery
from handlers.reports.school import PupilDelivery, TypeDelivery

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, VERMILLION, SKY, GREEN, BLACK, GREY = (
    "#0072B2",
    "#E69F00",
    "#D55E00",
    "#56B4E9",
    "#009E73",
    "#000000",
    "#BBBBBB",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DPI = 150
MAX_PANELS = 8


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style(ax: Axes, title: str = "") -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title, fontsize=9, loc="left")


def _week_ticks(ax: Axes, mondays: list[date]) -> None:
    step = max(1, round(len(mondays) / 10))
    ticks = list(range(0, len(mondays), step))
    ax.set_xticks(ticks, [f"{mondays[i].day} {mondays[i]:%b}" for i in ticks])
    ax.set_xlim(-0.7, len(mondays) - 0.3)


def provision_chart(provisions: list[ProvisionDelivery], mondays: list[date]) -> bytes | None:
    """One panel per provision: delivered (solid) and missed (hatched) bars against the
    planned sessions (dashed step line), week by week."""
    shown = [p for p in provisions if p.planned or p.delivered or p.missed][:MAX_PANELS]
    if not shown:
        return None
    height = 0.75 + 1.45 * len(shown)
    fig = Figure(figsize=(7.2, height))
    axes = fig.subplots(len(shown), 1, sharex=True, squeeze=False)[:, 0]
    fig.subplots_adjust(
        left=0.08, right=0.98, top=1 - 0.45 / height, bottom=0.3 / height, hspace=0.55
    )
    x = range(len(mondays))
    for ax, p in zip(axes, shown, strict=True):
        delivered = [w.delivered for w in p.weeks]
        missed = [w.missed for w in p.weeks]
        ax.bar(x, delivered, color=BLUE, width=0.75, label="delivered")
        ax.bar(
            x,
            missed,
            bottom=delivered,
            color="white",
            edgecolor=ORANGE,
            hatch="///",
            linewidth=0.8,
            width=0.75,
            label="missed",
        )
        ax.step(
            x,
            [w.planned for w in p.weeks],
            where="mid",
            color=BLACK,
            linestyle="--",
            linewidth=1.2,
            label="planned",
        )
        _style(ax, f"{p.name}: {p.delivered} of {p.planned} planned sessions delivered")
        top = max(
            [w.planned for w in p.weeks]
            + [d + m for d, m in zip(delivered, missed, strict=True)]
            + [1]
        )
        ax.set_ylim(0, top + 0.8)
        ax.yaxis.get_major_locator().set_params(integer=True)
    _week_ticks(axes[-1], mondays)
    axes[0].legend(fontsize=7, ncols=3, loc="lower right", bbox_to_anchor=(1, 1.12), frameon=False)
    fig.supylabel("sessions per week", fontsize=8)
    return _png(fig)


def behaviour_chart(behaviour: Behaviour, mondays: list[date]) -> bytes | None:
    """Incidents by week (RPIs hatched), by hour of day and by day of the week."""
    if not behaviour.total:
        return None
    fig = Figure(figsize=(7.2, 4.6))
    grid = fig.add_gridspec(
        2,
        2,
        height_ratios=(1.1, 1),
        left=0.06,
        right=0.98,
        top=0.94,
        bottom=0.07,
        hspace=0.45,
        wspace=0.18,
    )
    weekly = fig.add_subplot(grid[0, :])
    x = range(len(mondays))
    counts = [n for _, n, _ in behaviour.by_week]
    rpis = [r for _, _, r in behaviour.by_week]
    weekly.bar(x, counts, color=SKY, edgecolor=BLUE, linewidth=0.6, width=0.75, label="incidents")
    weekly.bar(
        x,
        rpis,
        color="white",
        edgecolor=VERMILLION,
        hatch="xx",
        linewidth=0.8,
        width=0.75,
        label="of which restrictive physical intervention",
    )
    _style(weekly, "Incidents per week")
    _week_ticks(weekly, mondays)
    # An axis's default locator is a MaxNLocator, which takes `integer`; the stubs
    # type it as any Locator, whose set_params takes nothing.
    weekly.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    weekly.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=2)

    hourly = fig.add_subplot(grid[1, 0])
    hours = sorted(set(range(8, 16)) | set(behaviour.by_hour))
    hourly.bar(
        range(len(hours)),
        [behaviour.by_hour.get(h, 0) for h in hours],
        color=GREEN,
        edgecolor=BLACK,
        linewidth=0.5,
        hatch="..",
        width=0.75,
    )
    hourly.set_xticks(range(len(hours)), [f"{h:02d}" for h in hours])
    _style(hourly, "By time of day (hour starting)")
    # An axis's default locator is a MaxNLocator, which takes `integer`; the stubs
    # type it as any Locator, whose set_params takes nothing.
    hourly.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]

    daily = fig.add_subplot(grid[1, 1])
    days = 7 if any(behaviour.by_weekday[5:]) else 5
    daily.bar(
        WEEKDAYS[:days],
        behaviour.by_weekday[:days],
        color=ORANGE,
        edgecolor=BLACK,
        linewidth=0.5,
        hatch="\\\\",
        width=0.7,
    )
    _style(daily, "By day of the week")
    # An axis's default locator is a MaxNLocator, which takes `integer`; the stubs
    # type it as any Locator, whose set_params takes nothing.
    daily.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    return _png(fig)


def delivery_by_type_chart(types: list[TypeDelivery], limit: int = 15) -> bytes | None:
    """Percentage of planned sessions delivered, one bar per provision type."""
    shown = [t for t in types if t.planned][:limit]
    if not shown:
        return None
    shown = shown[::-1]  # barh draws bottom-up
    height = 0.9 + 0.32 * len(shown)
    fig = Figure(figsize=(7.2, height))
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.27, right=0.98, top=1 - 0.3 / height, bottom=0.5 / height)
    y = range(len(shown))
    ax.barh(
        y,
        [100] * len(shown),
        color="white",
        edgecolor=GREY,
        linewidth=0.6,
        height=0.7,
        label="planned (100%)",
    )
    ax.barh(y, [min(t.percent or 0, 100) for t in shown], color=BLUE, height=0.7, label="delivered")
    for i, t in enumerate(shown):
        ax.text(
            101.5, i, f"{t.percent}%  ({t.delivered:,} of {t.planned:,})", va="center", fontsize=7
        )
    ax.set_yticks(list(y), [t.name for t in shown])
    ax.set_xlim(0, 135)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% of planned sessions delivered", fontsize=8)
    _style(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=7, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=2)
    return _png(fig)


def most_behind_chart(pupils: list[PupilDelivery]) -> bytes | None:
    """Sessions short of plan for the pupils most behind, labelled with % delivered."""
    if not pupils:
        return None
    shown = pupils[::-1]
    height = 0.8 + 0.3 * len(shown)
    fig = Figure(figsize=(7.2, height))
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.22, right=0.98, top=1 - 0.15 / height, bottom=0.5 / height)
    y = range(len(shown))
    ax.barh(
        y,
        [p.shortfall for p in shown],
        color=VERMILLION,
        edgecolor=BLACK,
        linewidth=0.5,
        hatch="//",
        height=0.7,
    )
    top = max(p.shortfall for p in shown)
    for i, p in enumerate(shown):
        ax.text(p.shortfall + top * 0.01, i, f"{p.percent}% delivered", va="center", fontsize=7)
    ax.set_yticks(list(y), [p.name for p in shown])
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel("planned sessions not delivered", fontsize=8)
    _style(ax)
    ax.grid(axis="y", visible=False)
    return _png(fig)
