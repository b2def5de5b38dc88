"""The claims ``ClaimHistory`` on SQLite: the service lines of claims already submitted.

Each line of a recorded claim is a row of ``claim_line`` under the claim's opaque patient key
(:func:`medoffice.claims.history.patient_key` under the database's own random secret, kept in
``store_secret``: never a name or member id, and not linkable to another store's keys), its
rendering provider, its day of service and its patient control number; the line itself is
JSON with the charge in integer minor units. As in
:class:`medoffice.adapters.memory.InMemoryClaimHistory`, a replacement (frequency ``7``) drops
the earlier lines of the same control number before its own are stored, and a void (``8``)
only drops them, all in one transaction.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.claims.history import provider_key
>>> from medoffice.testing import sample_claim
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> claim = sample_claim()
>>> database.claims.record(claim)
>>> key = {"patient": database.claims.patient_key(claim), "provider": provider_key(claim)}
>>> [line.procedure for line in database.claims.lines_on(**key, day=date(2026, 3, 2))]
['99214', '83036', 'G2211']
>>> database.close()
>>> folder.cleanup()

More information: ASC X12 005010X222A1 CLM05-3 (claim frequency type code).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.adapters.sqlite._errors import guarded
from medoffice.claims._history import patient_key, provider_key
from medoffice.claims._model import Claim, ServiceLine
from medoffice.kernel import InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteClaimHistory"]

_CODEC: Final = Codec()
_LINES: Final = """
SELECT body FROM claim_line
WHERE patient_key = ? AND provider = ? AND service_day = ?
ORDER BY min(seq) OVER (PARTITION BY claim_number), seq
"""
_INSERT: Final = """
INSERT INTO claim_line (patient_key, provider, service_day, claim_number, body)
VALUES (?, ?, ?, ?, ?)
"""


@final
@guarded("claims")
class SqliteClaimHistory:
    """A :class:`~medoffice.claims.ports.ClaimHistory` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def patient_key(self, claim: Claim) -> str:
        """The key this database files the claim's patient under (keyed with its secret)."""
        return patient_key(claim, secret=self._database.secret("patient_key"))

    def lines_on(self, *, patient: str, provider: str, day: date) -> Sequence[ServiceLine]:
        """The lines recorded for ``patient``, ``provider`` and ``day``, claim by claim."""
        rows = (
            self._database.connection()
            .execute(_LINES, (patient, provider, day.isoformat()))
            .fetchall()
        )
        return tuple(_CODEC.loads(row[0], ServiceLine) for row in rows)

    def record(self, claim: Claim) -> None:
        """Remember a submitted claim (a replacement replaces, a void removes)."""
        if not isinstance(claim, Claim):
            raise InvalidValue("the history records Claim values")
        patient, provider = self.patient_key(claim), provider_key(claim)
        number = claim.patient_control_number
        rows = [
            (patient, provider, line.service_from.isoformat(), number, _CODEC.dumps(line))
            for line in claim.lines
        ]
        with self._database.writing() as connection:
            if claim.frequency in {"7", "8"}:
                connection.execute(
                    "DELETE FROM claim_line "
                    "WHERE patient_key = ? AND provider = ? AND claim_number = ?",
                    (patient, provider, number),
                )
            if claim.frequency != "8":
                connection.executemany(_INSERT, rows)

    def __repr__(self) -> str:
        return f"SqliteClaimHistory({self._database!r})"
