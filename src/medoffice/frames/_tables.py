"""The frames of each domain's tables, one row per finding, slot, status, cell or bucket."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from medoffice.budget import Dimension, VarianceReport
from medoffice.claims import CheckedBatch
from medoffice.credentials import CredentialStatus, Standing
from medoffice.frames._pandas import MoneyAs, amounts, categories, days, instants, pd
from medoffice.kernel import Finding, InvalidArgument, Report, Severity
from medoffice.revenue import Aging
from medoffice.revenue.aging import BUCKETS
from medoffice.scheduling import Slot

__all__ = ["aging_frame", "findings_frame", "slots_frame", "statuses_frame", "variance_frame"]

_SEVERITIES: Final = tuple(s.value for s in Severity)
_STANDINGS: Final = tuple(s.value for s in Standing)
_BUCKET_LABELS: Final = tuple(f"{a}-{b}" if b is not None else f"{a}+" for a, b in BUCKETS)


def _findings(report: Report | Mapping[str, Report] | CheckedBatch) -> list[tuple[object, Finding]]:
    if isinstance(report, Report):
        return [(None, f) for f in report.findings]
    if isinstance(report, CheckedBatch):
        return [(i, f) for i, (_, r) in enumerate(report.results) for f in r.findings]
    if isinstance(report, Mapping):
        return [(key, f) for key, r in report.items() for f in r.findings]
    raise InvalidArgument(f"findings come from a Report, not {type(report).__name__}")


def findings_frame(report: Report | Mapping[str, Report] | CheckedBatch) -> pd.DataFrame:
    """One row per finding: ``rule`` and ``severity`` (categories, severity ordered error
    first), ``path``, ``value``, ``message`` and ``source``. Several reports (a mapping of your
    claim ids to reports, or a :class:`~medoffice.claims.CheckedBatch`, keyed by position in the
    batch) add a first column ``claim``. Findings carry no patient data, so neither does the
    frame."""
    rows = _findings(report)
    frame = pd.DataFrame(
        {
            "rule": categories(f.rule.value for _, f in rows),
            "severity": categories((f.severity.value for _, f in rows), _SEVERITIES),
            "path": pd.Series([f.path for _, f in rows], dtype="object"),
            "value": pd.Series([f.value for _, f in rows], dtype="object"),
            "message": pd.Series([f.message for _, f in rows], dtype="object"),
            "source": pd.Series([f.source for _, f in rows], dtype="object"),
        }
    )
    if not isinstance(report, Report):
        frame.insert(0, "claim", [key for key, _ in rows])
    return frame


def slots_frame(slots: Iterable[Slot]) -> pd.DataFrame:
    """One row per open slot: ``provider`` and ``type_code`` (categories), ``start`` and
    ``end`` (UTC instants), ``wall`` (the start on the provider's clock, as a label),
    ``zone``, ``resources`` (sorted, comma-separated) and ``fragments``."""
    found = list(slots)
    return pd.DataFrame(
        {
            "provider": categories(s.provider for s in found),
            "type_code": categories(s.type_code for s in found),
            "start": instants(s.start for s in found),
            "end": instants(s.end for s in found),
            "wall": pd.Series([s.label for s in found], dtype="object"),
            "zone": categories(s.zone for s in found),
            "resources": pd.Series([",".join(sorted(s.resources)) for s in found], dtype="object"),
            "fragments": pd.Series([s.fragments for s in found], dtype="int64"),
        }
    )


def statuses_frame(statuses: Mapping[str, Iterable[CredentialStatus]]) -> pd.DataFrame:
    """One row per staff id and status (as :func:`~medoffice.credentials.status` gives them):
    ``staff``, ``requirement`` (categories), ``required``, ``standing`` (ordered from not
    required to undecidable), ``expiring``, ``valid_through``, ``window_first``,
    ``window_last`` and ``renewal_opens`` (days) and ``missing`` (the fact an undecidable
    standing lacks). Only the staff ids you key the mapping with appear, never names."""
    rows = [(staff, s) for staff, found in statuses.items() for s in found]
    return pd.DataFrame(
        {
            "staff": categories(staff for staff, _ in rows),
            "requirement": categories(str(s.requirement) for _, s in rows),
            "required": pd.Series([s.required for _, s in rows], dtype="bool"),
            "standing": categories((s.standing.value for _, s in rows), _STANDINGS),
            "expiring": pd.Series([s.expiring for _, s in rows], dtype="bool"),
            "valid_through": days(s.valid_through for _, s in rows),
            "window_first": days(s.window.first if s.window else None for _, s in rows),
            "window_last": days(s.window.last if s.window else None for _, s in rows),
            "renewal_opens": days(s.renewal_opens for _, s in rows),
            "missing": pd.Series([s.missing for _, s in rows], dtype="object"),
        }
    )


def variance_frame(report: VarianceReport, *, money: MoneyAs = "decimal") -> pd.DataFrame:
    """One row per cell of a :class:`~medoffice.budget.VarianceReport`: ``account``,
    ``account_name``, ``account_type``, one category column per dimension, ``period`` (0 for a
    year roll-up), ``budget`` (empty when unset), ``actual``, ``variance``, ``percent``
    (amounts under the money rule), ``favourable`` (nullable boolean: empty when on budget),
    ``material`` and ``currency``."""
    rows = list(report.rows())
    accounts = {a.code: a for a in report.chart.accounts}
    columns: dict[str, pd.Series] = {
        "account": categories(r.account for r in rows),
        "account_name": pd.Series(
            [a.name if (a := accounts.get(r.account)) else None for r in rows], dtype="object"
        ),
        "account_type": categories(
            a.type.value if (a := accounts.get(r.account)) else None for r in rows
        ),
    }
    for dimension in Dimension:
        columns[dimension.value] = categories(r.dimensions.get(dimension) for r in rows)
    columns |= {
        "period": pd.Series([r.period for r in rows], dtype="int64"),
        "budget": amounts((r.budget for r in rows), money),
        "actual": amounts((r.actual for r in rows), money),
        "variance": amounts((r.variance for r in rows), money),
        "percent": amounts((r.percent for r in rows), money),
        "favourable": pd.Series([r.favourable for r in rows], dtype="boolean"),
        "material": pd.Series([r.material for r in rows], dtype="bool"),
        "currency": categories(report.currency.code for _ in rows),
    }
    return pd.DataFrame(columns)


def aging_frame(aging: Aging, *, money: MoneyAs = "decimal") -> pd.DataFrame:
    """The A/R aging in long form, one row per payer (or patient key) and bucket: ``key``,
    ``bucket`` (ordered ``0-30`` to ``121+``), ``amount`` (under the money rule),
    ``currency`` and ``as_of`` (a day). ``frame.pivot(index="key", columns="bucket",
    values="amount")`` gives the familiar wide table."""
    cells = [
        (row.key, label, m)
        for row in aging.rows
        for label, m in zip(_BUCKET_LABELS, row.buckets, strict=True)
    ]
    return pd.DataFrame(
        {
            "key": categories(key for key, _, _ in cells),
            "bucket": categories((label for _, label, _ in cells), _BUCKET_LABELS),
            "amount": amounts((m for _, _, m in cells), money),
            "currency": categories(m.currency.code for _, _, m in cells),
            "as_of": days(aging.as_of for _ in cells),
        }
    )
