"""A provider x day (or week) heat map of the schedule metrics."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from medoffice.kernel import DateRange, InvalidArgument
from medoffice.plots._matplotlib import Axes, axes_or_new
from medoffice.scheduling import ScheduleSnapshot
from medoffice.scheduling.metrics import ScheduleMetrics, schedule_metrics

__all__ = ["utilisation_grid", "utilisation_heatmap"]

Measure = Literal["fill_rate", "utilisation"]
_ANNOTATE_UP_TO = 250  # cells; beyond that the numbers would not be readable


def _columns(days: DateRange, by: Literal["day", "week"]) -> list[DateRange]:
    if by == "day":
        return [DateRange.single(day) for day in days]
    weeks: list[DateRange] = []
    monday = days.first - timedelta(days=days.first.weekday())
    while monday <= days.last:
        weeks.append(DateRange(max(monday, days.first), min(monday + timedelta(days=6), days.last)))
        monday += timedelta(days=7)
    return weeks


def utilisation_grid(
    snapshot: ScheduleSnapshot,
    *,
    days: DateRange,
    providers: Sequence[str],
    by: Literal["day", "week"] = "day",
    measure: Measure = "fill_rate",
) -> tuple[list[date], list[list[float]]]:
    """The first day of each column and one row of rates per provider (NaN where nothing is
    open); columns where no provider is open are left out."""
    if days.is_open_ended:
        raise InvalidArgument("a heat map needs a closed range of days")
    if by not in {"day", "week"} or measure not in {"fill_rate", "utilisation"}:
        raise InvalidArgument("by is 'day' or 'week'; measure is 'fill_rate' or 'utilisation'")
    starts: list[date] = []
    columns: list[list[float]] = []
    for span in _columns(days, by):
        cells = [schedule_metrics(snapshot, days=span, providers=[p]) for p in providers]
        if any(m.open_minutes for m in cells):
            starts.append(span.first)
            columns.append([_rate(m, measure) for m in cells])
    rows = [[column[i] for column in columns] for i in range(len(providers))]
    return starts, rows


def _rate(metrics: ScheduleMetrics, measure: Measure) -> float:
    if not metrics.open_minutes:
        return math.nan
    return metrics.fill_rate if measure == "fill_rate" else metrics.utilisation


def utilisation_heatmap(
    snapshot: ScheduleSnapshot,
    *,
    days: DateRange,
    providers: Sequence[str],
    by: Literal["day", "week"] = "day",
    measure: Measure = "fill_rate",
    ax: Axes | None = None,
) -> Axes:
    """Draw each provider's fill rate (booked share of open time) or utilisation (attended
    share) per day or per week, as :func:`~medoffice.scheduling.metrics.schedule_metrics`
    measures it; closed cells are blank, and days when nobody is open are left out."""
    starts, rows = utilisation_grid(
        snapshot, days=days, providers=providers, by=by, measure=measure
    )
    ax = axes_or_new(ax, size=(max(6.0, 0.45 * len(starts) + 2.5), 1.0 + 0.45 * len(providers)))
    image = ax.imshow(rows, vmin=0.0, vmax=1.0, cmap="viridis", aspect="auto")
    ax.set_yticks(range(len(providers)), list(providers))
    fmt = "%d" if by == "day" else "%m-%d"
    ax.set_xticks(range(len(starts)), [d.strftime(fmt) for d in starts])
    if starts:
        first, last = starts[0], starts[-1]
        ax.set_xlabel(
            f"{'day' if by == 'day' else 'week, by its first day'}"
            f" ({first:%Y-%m-%d} to {last:%Y-%m-%d})"
        )
    label = "fill rate" if measure == "fill_rate" else "utilisation"
    ax.set_title(f"{label.capitalize()} by provider and {by}")
    ax.figure.colorbar(image, ax=ax, label=label)
    if len(starts) * len(providers) <= _ANNOTATE_UP_TO:
        for y, row in enumerate(rows):
            for x, value in enumerate(row):
                if not math.isnan(value):
                    colour = "black" if value > 0.6 else "white"
                    ax.text(
                        x, y, f"{value:.0%}", ha="center", va="center", fontsize=7, color=colour
                    )
    return ax
