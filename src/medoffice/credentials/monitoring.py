"""The monitoring ledger: proof that everyone was screened against every source, every month.

:func:`monitoring_ledger` reads the screenings recorded and gives a :class:`MonitoringLedger`:
per person (:class:`PersonCoverage`) and per :class:`MonitoringSource` in
:data:`MONITORING_SOURCES`, the months covered and every :class:`SourceGap`, and the
:class:`MonitoringAlert` values of sources that report per alert.

More information: OIG, Special Advisory Bulletin on the Effect of Exclusion (2013); NCQA CR 5.
"""

from medoffice.credentials._monitoring import (
    MONITORING_SOURCES,
    MonitoringAlert,
    MonitoringLedger,
    MonitoringSource,
    PersonCoverage,
    SourceGap,
    monitoring_ledger,
)

__all__ = [
    "MONITORING_SOURCES",
    "MonitoringAlert",
    "MonitoringLedger",
    "MonitoringSource",
    "PersonCoverage",
    "SourceGap",
    "monitoring_ledger",
]
