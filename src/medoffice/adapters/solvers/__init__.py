"""Solvers: exact batch allocation on SciPy and the no-show model fitted on a practice's history.

- :class:`MilpSolver` and :class:`AssignmentSolver` implement scheduling's ``Solver`` port for
  :func:`medoffice.scheduling.allocation.allocate_exact` (SciPy is the optional ``scipy`` extra,
  imported when a model is solved);
- :class:`LogisticNoShowModel` implements the ``NoShowModel`` port, in pure Python.

>>> from medoffice.scheduling.overbooking import NoShowFeatures
>>> history = [(NoShowFeatures(lead_days=d), d > 20) for d in range(40)]
>>> LogisticNoShowModel.fit(history).probability(NoShowFeatures(lead_days=35)) > 0.5
True
"""

from __future__ import annotations

from medoffice.adapters.solvers._allocation import AssignmentSolver, MilpSolver
from medoffice.adapters.solvers._noshow import LogisticNoShowModel

__all__ = ["AssignmentSolver", "LogisticNoShowModel", "MilpSolver"]
