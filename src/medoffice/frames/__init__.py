"""The library's tables as pandas data frames (the ``pandas`` extra).

One function per table, each returning a tidy frame (one row per observation, one column per
variable) with its dtypes set: identifiers and codes as ``category`` (ordered where the domain
orders them: severities, credential standings, aging buckets), calendar days as
``datetime64[ns]``, instants as ``datetime64[ns, UTC]``, counts as ``int64`` and flags as
``bool`` (``boolean`` where a flag may be unknown).

- :func:`findings_frame`: a claim check's :class:`~medoffice.kernel.Report` (or several), one
  row per finding;
- :func:`slots_frame`: open slots (:func:`~medoffice.scheduling.open_slots` and friends);
- :func:`statuses_frame`: credential statuses per staff id;
- :func:`variance_frame`: a budget :class:`~medoffice.budget.VarianceReport`, one row per cell;
- :func:`aging_frame`: an A/R :class:`~medoffice.revenue.Aging`, one row per key and bucket.

**Money.** Amounts are exact by default: ``money="decimal"`` keeps each amount as the
``decimal.Decimal`` of its :class:`~medoffice.kernel.Money` in an ``object`` column (sums and
comparisons stay exact to the cent; an unset amount is ``None``), with the currency in its own
``currency`` column. ``money="float"`` converts amounts (and variance percentages) to
``float64`` (an unset amount is NaN) for plotting and statistics: binary floats round, so do not
post or reconcile from them.

No frame has a column of patient data: findings never quote it, and the other tables hold
provider, staff and payer keys only.

Importing this module without pandas raises an ``ImportError`` that names the extra:
``pip install "medoffice[pandas]"``.

More information: H. Wickham, "Tidy Data", Journal of Statistical Software 59(10), 2014
(https://doi.org/10.18637/jss.v059.i10); pandas, "Categorical data"
(https://pandas.pydata.org/docs/user_guide/categorical.html).

>>> from medoffice.kernel import Finding, Report
>>> report = Report.of(
...     [Finding(rule="CLM-NPI-001", severity="error", message="bad check digit", path="npi")]
... )
>>> frame = findings_frame(report)
>>> list(frame.columns)
['rule', 'severity', 'path', 'value', 'message', 'source']
>>> str(frame["severity"].dtype), frame.loc[0, "rule"]
('category', 'CLM-NPI-001')
"""

from medoffice.frames._tables import (
    aging_frame,
    findings_frame,
    slots_frame,
    statuses_frame,
    variance_frame,
)

__all__ = ["aging_frame", "findings_frame", "slots_frame", "statuses_frame", "variance_frame"]
