"""A Pareto chart of findings (by rule id) or denials (by category, reason or claim rule)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

from matplotlib.ticker import PercentFormatter

from medoffice.kernel import InvalidArgument, Report
from medoffice.plots._matplotlib import Axes, axes_or_new
from medoffice.revenue import Denial

__all__ = ["counts_of", "pareto_chart"]

DenialKey = Literal["category", "reason", "claims_rule"]


def counts_of(
    source: Report | Iterable[Report] | Iterable[Denial] | Mapping[str, int],
    *,
    by: DenialKey = "category",
) -> list[tuple[str, int]]:
    """(label, count) pairs, largest first then by label."""
    counts: Counter[str] = Counter()
    if isinstance(source, Mapping):
        counts.update({str(k): int(v) for k, v in source.items()})
    else:
        items = [source] if isinstance(source, Report) else list(source)
        for item in items:
            if isinstance(item, Report):
                counts.update(f.rule.value for f in item.findings)
            elif isinstance(item, Denial):
                key = item.category.value if by == "category" else getattr(item, by)
                counts[key if key is not None else "(none)"] += 1
            else:
                name = type(item).__name__
                raise InvalidArgument(
                    f"a Pareto chart counts reports, denials or a mapping, not {name}"
                )
    return sorted(((k, n) for k, n in counts.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))


def pareto_chart(
    source: Report | Iterable[Report] | Iterable[Denial] | Mapping[str, int],
    *,
    by: DenialKey = "category",
    top: int | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw counts as bars, largest first, and their cumulative share as a line on a second
    axis (0 to 100 %, with the 80 % mark). Reports are counted by rule id; denials by
    ``by`` (their category, CARC reason code, or the claim rule that would have caught them);
    a mapping is taken as the counts. ``top`` keeps the largest few and sums the rest as
    "other"."""
    pairs = counts_of(source, by=by)
    if top is not None and len(pairs) > top:
        pairs = [*pairs[:top], ("other", sum(n for _, n in pairs[top:]))]
    ax = axes_or_new(ax, size=(max(5.0, 0.6 * len(pairs) + 2.0), 4.0))
    labels = [k for k, _ in pairs]
    values = [n for _, n in pairs]
    ax.bar(range(len(pairs)), values, color="#1565c0")
    ax.set_xticks(range(len(pairs)), labels, rotation=45, ha="right")
    ax.set_ylabel("count")
    ax.set_title(title or "Pareto of counts")
    share = ax.twinx()
    total = sum(values)
    running = 0
    cumulative: list[float] = []
    for value in values:
        running += value
        cumulative.append(100.0 * running / total)
    share.plot(range(len(pairs)), cumulative, color="#e65100", marker="o")
    share.axhline(80.0, color="#e65100", linestyle=":", linewidth=1)
    share.set_ylim(0, 105)
    share.yaxis.set_major_formatter(PercentFormatter())
    share.set_ylabel("cumulative share")
    if not pairs:
        ax.text(0.5, 0.5, "nothing to count", ha="center", va="center", transform=ax.transAxes)
    return ax
