"""A credential expiry timeline: one row per staff member and requirement, coloured by standing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Final

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.patches import Patch

from medoffice.credentials import CredentialStatus, Standing
from medoffice.plots._matplotlib import Axes, axes_or_new

__all__ = ["COLOURS", "expiry_timeline", "state_of"]

# matplotlib's day numbers (days since its epoch); typed here, as matplotlib leaves it untyped.
_day_number: Callable[[date], float] = date2num

#: The colour of each state a row can be in.
COLOURS: Final = {
    "in force": "#2e7d32",
    "expiring": "#ef6c00",
    "in grace": "#c62828",
    "lapsed": "#6a1b9a",
    "missing": "#757575",
}


def state_of(status: CredentialStatus) -> str:
    """The legend entry of a status: in force, expiring, in grace, lapsed or missing."""
    standing = status.standing
    if standing is Standing.SATISFIED or standing is Standing.NOT_REQUIRED:
        return "expiring" if status.expiring else "in force"
    if standing is Standing.IN_GRACE:
        return "in grace"
    if standing in {Standing.LAPSED_REINSTATABLE, Standing.EXPIRED}:
        return "lapsed"
    return "missing"


def expiry_timeline(
    statuses: Mapping[str, Sequence[CredentialStatus]],
    *,
    as_of: date,
    horizon_days: int = 365,
    ax: Axes | None = None,
) -> Axes:
    """Draw, for each staff id and each of its statuses (as :func:`~medoffice.credentials.status`
    gives them on ``as_of``), a bar from ``as_of`` to the last valid day, coloured by its state;
    a vertical line marks ``as_of``. A credential valid past the horizon runs to the edge; a
    missing or undecidable one is a cross on the line."""
    rows = [(staff, s) for staff, found in statuses.items() for s in found]
    ax = axes_or_new(ax, size=(9.0, 1.2 + 0.32 * len(rows)))
    today = _day_number(as_of)
    edge = _day_number(as_of + timedelta(days=horizon_days))
    labels: list[str] = []
    for y, (staff, status) in enumerate(rows):
        labels.append(f"{staff} · {status.requirement}")
        state = state_of(status)
        if state == "missing":
            ax.plot([today], [y], marker="x", color=COLOURS[state], markersize=8)
            continue
        end = edge if status.valid_through is None else _day_number(status.valid_through)
        ax.barh(y, min(end, edge) - today, left=today, height=0.6, color=COLOURS[state])
    ax.axvline(today, color="black", linestyle="--", linewidth=1, label="today")
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.xaxis_date()
    # matplotlib.dates ships without annotations; the two constructors are all we call of it.
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.set_xlim(today - 90, edge)
    ax.set_title(f"Credentials as of {as_of:%Y-%m-%d}")
    ax.legend(
        handles=[Patch(color=c, label=s) for s, c in COLOURS.items()],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
    )
    return ax
