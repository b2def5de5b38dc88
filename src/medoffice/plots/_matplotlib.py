"""The one place the plots import matplotlib, so that a missing extra is said once, clearly."""

from __future__ import annotations

try:
    from matplotlib import pyplot
    from matplotlib.axes import Axes
except ImportError as error:  # pragma: no cover - exercised in a subprocess without matplotlib
    raise ImportError(
        "medoffice.plots draws with matplotlib, which is not installed: "
        'pip install "medoffice[plots]"'
    ) from error

__all__ = ["Axes", "axes_or_new"]


def axes_or_new(ax: Axes | None, *, size: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``size`` inches."""
    if ax is not None:
        return ax
    _, new = pyplot.subplots(figsize=size, layout="constrained")
    return new
