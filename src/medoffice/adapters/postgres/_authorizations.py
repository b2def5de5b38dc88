"""The authorizations ``AuthorizationRepository`` on PostgreSQL.

As on SQLite (:mod:`medoffice.adapters.sqlite._authorizations`): coverages, prior
authorizations and referrals are rows (their keys, the patient, and the value as JSON) of
``coverage``, ``prior_authorization`` and ``referral``; the usage ledger is the append-only table
``authorization_use`` (triggers refuse ``UPDATE``, ``DELETE`` and ``TRUNCATE``: usage is never
edited). The one version is a row of ``store_version``, moved on by a conditional ``UPDATE``
before the rows are written, so a stale save raises :class:`~medoffice.kernel.ConcurrencyConflict`
and stores nothing, and what one save holds lands together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, TypeVar, final

from medoffice.adapters.postgres._budget import expected_int
from medoffice.adapters.postgres._waitlist import bump_version, stored_version
from medoffice.adapters.sqlite._authorizations import decode_stored
from medoffice.adapters.sqlite._codec import Codec
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import Use
from medoffice.authorizations.ports import StoredAuthorizations
from medoffice.kernel import InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import Connection, PostgresDatabase

__all__ = ["PostgresAuthorizationRepository"]

T = TypeVar("T")
_STORE: Final = "authorizations"
_CODEC: Final = Codec()
_COVERAGE: Final = (
    "INSERT INTO {s}.coverage (patient, payer_id, body) VALUES (%s, %s, %s) "
    "ON CONFLICT (patient, payer_id) DO UPDATE SET body = excluded.body"
)
_AUTH: Final = (
    "INSERT INTO {s}.prior_authorization (id, patient, body) VALUES (%s, %s, %s) "
    "ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, body = excluded.body"
)
_REFERRAL: Final = (
    "INSERT INTO {s}.referral (id, patient, body) VALUES (%s, %s, %s) "
    "ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, body = excluded.body"
)
_USE: Final = "INSERT INTO {s}.authorization_use (record, source, body) VALUES (%s, %s, %s)"


def _rows(
    items: Sequence[object], kind: type[T], key: Callable[[T], tuple[str, ...]]
) -> list[tuple[str, ...]]:
    rows = []
    for item in items:
        if not isinstance(item, kind):
            raise InvalidValue(f"expected a {kind.__name__}, not {type(item).__name__}")
        rows.append((*key(item), _CODEC.dumps(item)))
    return rows


def _bodies(database: PostgresDatabase, connection: Connection, table: str) -> list[str]:
    query = f"SELECT body FROM {{s}}.{table} ORDER BY seq"  # noqa: S608 - fixed names only
    return [str(row[0]) for row in connection.execute(database.sql(query)).fetchall()]


@final
class PostgresAuthorizationRepository:
    """An :class:`~medoffice.authorizations.ports.AuthorizationRepository` in a practice's
    schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def load(self) -> StoredAuthorizations:
        """Everything stored, in the order first stored, and the version, from one snapshot."""
        database = self._database
        with database.reading("loading the authorizations") as connection:
            version = stored_version(database, connection, _STORE)
            coverages = _bodies(database, connection, "coverage")
            auths = _bodies(database, connection, "prior_authorization")
            referrals = _bodies(database, connection, "referral")
            uses = _bodies(database, connection, "authorization_use")
        return decode_stored(coverages, auths, referrals, uses, version=version)

    def save(
        self,
        *,
        coverages: Sequence[Coverage] = (),
        authorizations: Sequence[PriorAuthorization] = (),
        referrals: Sequence[Referral] = (),
        uses: Sequence[Use] = (),
        expected_version: int,
    ) -> int:
        """Store everything given together if nobody saved since ``expected_version``."""
        batches = (
            (_COVERAGE, _rows(coverages, Coverage, lambda c: (c.patient, c.payer_id))),
            (_AUTH, _rows(authorizations, PriorAuthorization, lambda a: (a.id, a.patient))),
            (_REFERRAL, _rows(referrals, Referral, lambda r: (r.id, r.patient))),
            (_USE, _rows(uses, Use, lambda u: (u.record, u.source))),
        )
        expected = expected_int(expected_version, "expected_version")
        database = self._database
        with database.writing("saving the authorizations") as connection:
            version = bump_version(database, connection, _STORE, expected, "the authorizations")
            with connection.cursor() as cursor:
                for statement, rows in batches:
                    cursor.executemany(database.sql(statement), rows)
            return version

    def __repr__(self) -> str:
        return f"PostgresAuthorizationRepository({self._database!r})"
