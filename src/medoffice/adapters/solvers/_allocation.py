"""Exact solvers for batch allocation, on SciPy (the optional ``scipy`` extra).

:class:`MilpSolver` solves a :class:`~medoffice.scheduling.allocation.CandidateModel` as a 0-1
integer programme with HiGHS through :func:`scipy.optimize.milp`: maximise the weight placed, one
candidate at most per group. It stops at ``time_limit`` seconds and reports HiGHS's dual bound,
so a run cut short still says how far from optimal it may be. :class:`AssignmentSolver` solves
a ``unit`` model (every visit one grid unit long) exactly as an assignment of requests to
(provider, start) slots with :func:`scipy.optimize.linear_sum_assignment`.

SciPy is imported when a model is solved, never when this module is imported.

More information: HiGHS (https://highs.dev/), SciPy ``milp`` and ``linear_sum_assignment``
(https://docs.scipy.org/doc/scipy/reference/optimize.html).

>>> from medoffice.scheduling.allocation import AllocationCandidate, CandidateModel
>>> model = CandidateModel(
...     weights=[1, 1],
...     candidates=[
...         AllocationCandidate(request=0, provider="dr-a", start=0, end=900),
...         AllocationCandidate(request=1, provider="dr-a", start=0, end=900),
...         AllocationCandidate(request=1, provider="dr-a", start=900, end=1800),
...     ],
...     groups=[(1, 2), (0, 1)],
...     unit=True,
... )
>>> sorted(AssignmentSolver().solve(model).chosen)
[0, 2]
>>> solution = MilpSolver().solve(model)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, final

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._alloc_model import CandidateModel, Solution

__all__ = ["AssignmentSolver", "MilpSolver"]


def _scipy() -> Any:
    try:
        import scipy.optimize  # noqa: PLC0415 - optional extra, imported on use
        import scipy.sparse  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - the extra is installed in CI
        raise InvalidArgument("exact allocation needs the optional scipy extra") from error
    return scipy


@final
class MilpSolver:
    """A 0-1 programme solved by HiGHS, stopped after ``time_limit`` seconds."""

    def __init__(self, *, time_limit: float = 10.0) -> None:
        if time_limit <= 0:
            raise InvalidArgument("the time limit is a positive number of seconds")
        self.time_limit = time_limit

    def __repr__(self) -> str:
        return f"MilpSolver(time_limit={self.time_limit!r})"

    def solve(self, model: CandidateModel) -> Solution:
        """Maximise the weight placed; at most one candidate per group."""
        if not model.candidates:
            return Solution(chosen=(), bound=0.0, optimal=True)
        scipy = _scipy()
        import numpy as np  # noqa: PLC0415 - comes with scipy

        cost = np.array([-float(model.weights[c.request]) for c in model.candidates])
        rows: list[int] = []
        cols: list[int] = []
        for row, group in enumerate(model.groups):
            rows.extend([row] * len(group))
            cols.extend(group)
        constraints = []
        if model.groups:
            matrix = scipy.sparse.csr_array(
                (np.ones(len(rows)), (rows, cols)),
                shape=(len(model.groups), len(model.candidates)),
            )
            constraints.append(scipy.optimize.LinearConstraint(matrix, -np.inf, 1.0))
        result = scipy.optimize.milp(
            cost,
            integrality=np.ones(len(cost)),
            bounds=scipy.optimize.Bounds(0.0, 1.0),
            constraints=constraints,
            options={"time_limit": self.time_limit},
        )
        if result.x is None:
            return Solution(chosen=(), bound=-float(cost.sum()), optimal=False)
        chosen = tuple(int(i) for i in np.flatnonzero(result.x > 0.5))
        dual = getattr(result, "mip_dual_bound", None)
        bound = -float(dual) if dual is not None else -float(cost.sum())
        return Solution(chosen=chosen, bound=bound, optimal=result.status == 0)


@final
class AssignmentSolver:
    """An exact assignment of requests to slots, for ``unit`` models only."""

    def __repr__(self) -> str:
        return "AssignmentSolver()"

    def solve(self, model: CandidateModel) -> Solution:
        """The heaviest matching of requests to distinct (provider, start) slots."""
        if not model.unit:
            raise InvalidArgument("an assignment solves only models where every visit is one unit")
        if not model.candidates:
            return Solution(chosen=(), bound=0.0, optimal=True)
        scipy = _scipy()
        import numpy as np  # noqa: PLC0415 - comes with scipy

        requests = sorted({c.request for c in model.candidates})
        slots = sorted({(c.provider, c.start) for c in model.candidates})
        row = {r: n for n, r in enumerate(requests)}
        col = {s: n for n, s in enumerate(slots)}
        cost = np.zeros((len(requests), len(slots)))
        pick: dict[tuple[int, int], int] = defaultdict(int)
        for index, c in enumerate(model.candidates):
            r, s = row[c.request], col[(c.provider, c.start)]
            cost[r, s] = -float(model.weights[c.request])
            pick[(r, s)] = index
        rows, cols = scipy.optimize.linear_sum_assignment(cost)
        chosen = tuple(
            sorted(pick[(int(r), int(s))] for r, s in zip(rows, cols, strict=True) if cost[r, s])
        )
        total = sum(model.weights[model.candidates[i].request] for i in chosen)
        return Solution(chosen=chosen, bound=float(total), optimal=True)
