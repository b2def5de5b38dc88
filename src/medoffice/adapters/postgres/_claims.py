"""The claims ``ClaimHistory`` on PostgreSQL: the service lines of claims already submitted.

As on SQLite (:mod:`medoffice.adapters.sqlite._claims`): each line is a row of ``claim_line``
under the claim's opaque patient key (keyed with the practice's own random secret, kept in
``store_secret``: never a name or member id, and not linkable to another store's keys), its
rendering provider, its day of service and its patient control number; a replacement (frequency
``7``) drops the earlier lines of the same control number before its own are stored, and a void
(``8``) only drops them, in one transaction.

More information: ASC X12 005010X222A1 CLM05-3 (claim frequency type code).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.claims import Claim, ServiceLine
from medoffice.claims._history import patient_key, provider_key
from medoffice.kernel import InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = ["PostgresClaimHistory"]

_CODEC: Final = Codec()
_LINES: Final = """
SELECT body FROM {s}.claim_line
WHERE patient_key = %s AND provider = %s AND service_day = %s
ORDER BY min(seq) OVER (PARTITION BY claim_number), seq
"""
_INSERT: Final = """
INSERT INTO {s}.claim_line (patient_key, provider, service_day, claim_number, body)
VALUES (%s, %s, %s, %s, %s)
"""
_DROP: Final = (
    "DELETE FROM {s}.claim_line WHERE patient_key = %s AND provider = %s AND claim_number = %s"
)


@final
class PostgresClaimHistory:
    """A :class:`~medoffice.claims.ports.ClaimHistory` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def patient_key(self, claim: Claim) -> str:
        """The key this practice files the claim's patient under (keyed with its secret)."""
        return patient_key(claim, secret=self._database.secret("patient_key"))

    def lines_on(self, *, patient: str, provider: str, day: date) -> Sequence[ServiceLine]:
        """The lines recorded for ``patient``, ``provider`` and ``day``, claim by claim."""
        with self._database.reading("reading the claim history") as connection:
            rows = connection.execute(
                self._database.sql(_LINES), (patient, provider, day)
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), ServiceLine) for row in rows)

    def record(self, claim: Claim) -> None:
        """Remember a submitted claim (a replacement replaces, a void removes)."""
        if not isinstance(claim, Claim):
            raise InvalidValue("the history records Claim values")
        patient, provider = self.patient_key(claim), provider_key(claim)
        number = claim.patient_control_number
        rows = [
            (patient, provider, line.service_from, number, _CODEC.dumps(line))
            for line in claim.lines
        ]
        with self._database.writing("recording a claim") as connection:
            if claim.frequency in {"7", "8"}:
                connection.execute(self._database.sql(_DROP), (patient, provider, number))
            if claim.frequency != "8":
                with connection.cursor() as cursor:
                    cursor.executemany(self._database.sql(_INSERT), rows)

    def __repr__(self) -> str:
        return f"PostgresClaimHistory({self._database!r})"
