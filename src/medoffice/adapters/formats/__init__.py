"""File formats medoffice reads and writes, one public module per format.

- :mod:`medoffice.adapters.formats.x12`: the X12 837P professional claim, read and written, and
  the X12 835 remittance advice, read (and written for tests and demos);
- :mod:`medoffice.adapters.formats.practice`: the practice file (TOML or JSON) of schedules,
  appointment types, closures and appointments;
- :mod:`medoffice.adapters.formats.payer_requirements`: payer requirement profiles (TOML or
  JSON): which services need a prior authorization or a referral;
- :mod:`medoffice.adapters.formats.budget_file`: the JSON budget file;
- :mod:`medoffice.adapters.formats.quickbooks_journal` and
  :mod:`medoffice.adapters.formats.xero_journal`: actuals from QuickBooks Online's journal
  report and Xero's manual journal CSV;
- :mod:`medoffice.adapters.formats.beancount_ledger`: actuals from a beancount ledger;
- :mod:`medoffice.adapters.formats.roster`: the JSON staff roster with credentials;
- :mod:`medoffice.adapters.formats.fhir`: FHIR R5 ``Practitioner`` and ``VerificationResult``;
- :mod:`medoffice.adapters.formats.icalendar`: RFC 5545 calendars of due dates;
- :mod:`medoffice.adapters.formats.beancount`: budgets as beancount ``custom "budget"`` entries.

Each module turns bytes into domain values or domain values into bytes, and nothing else; a
file that cannot be read raises :class:`~medoffice.kernel.InvalidValue` naming what is wrong.
"""

from __future__ import annotations

__all__: list[str] = []
