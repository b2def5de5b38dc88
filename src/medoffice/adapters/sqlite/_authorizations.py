"""The authorizations ``AuthorizationRepository`` on SQLite.

Coverages, prior authorizations and referrals are rows (their keys, the patient, and the value
as JSON) of ``coverage``, ``prior_authorization`` and ``referral``; the usage ledger is the
append-only table ``authorization_use`` (a trigger refuses updates and deletes: usage is never
edited). The one version is a row of ``store_version``; a save compares it inside
``BEGIN IMMEDIATE``, so a stale save raises :class:`~medoffice.kernel.ConcurrencyConflict` and
stores nothing, and what one save holds lands together.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.authorizations.save(expected_version=0)
1
>>> database.authorizations.load().version
1
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, TypeVar, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.adapters.sqlite._waitlist import store_version
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import Use
from medoffice.authorizations.ports import StoredAuthorizations
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteAuthorizationRepository", "decode_stored"]

T = TypeVar("T")
_STORE: Final = "authorizations"
_CODEC: Final = Codec()


def decode_stored(
    coverages: Sequence[str],
    authorizations: Sequence[str],
    referrals: Sequence[str],
    uses: Sequence[str],
    *,
    version: int,
) -> StoredAuthorizations:
    """The stored records from their JSON bodies (the SQL adapters store the same bodies)."""
    return StoredAuthorizations(
        coverages=[_CODEC.loads(body, Coverage) for body in coverages],
        authorizations=[_CODEC.loads(body, PriorAuthorization) for body in authorizations],
        referrals=[_CODEC.loads(body, Referral) for body in referrals],
        uses=[_CODEC.loads(body, Use) for body in uses],
        version=version,
    )


_BUMP: Final = """
INSERT INTO store_version (store, version) VALUES (?, 1)
ON CONFLICT (store) DO UPDATE SET version = version + 1
RETURNING version
"""
_COVERAGE: Final = (
    "INSERT INTO coverage (patient, payer_id, body) VALUES (?, ?, ?) "
    "ON CONFLICT (patient, payer_id) DO UPDATE SET body = excluded.body"
)
_AUTH: Final = (
    "INSERT INTO prior_authorization (id, patient, body) VALUES (?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, body = excluded.body"
)
_REFERRAL: Final = (
    "INSERT INTO referral (id, patient, body) VALUES (?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET patient = excluded.patient, body = excluded.body"
)
_USE: Final = "INSERT INTO authorization_use (record, source, body) VALUES (?, ?, ?)"


def _rows(
    items: Sequence[object], kind: type[T], key: Callable[[T], tuple[str, ...]]
) -> list[tuple[str, ...]]:
    rows = []
    for item in items:
        if not isinstance(item, kind):
            raise InvalidValue(f"expected a {kind.__name__}, not {type(item).__name__}")
        rows.append((*key(item), _CODEC.dumps(item)))
    return rows


def _bodies(connection: sqlite3.Connection, table: str, order: str) -> list[str]:
    query = f"SELECT body FROM {table} ORDER BY {order}"  # noqa: S608 - fixed names only
    return [str(row[0]) for row in connection.execute(query).fetchall()]


@final
class SqliteAuthorizationRepository:
    """An :class:`~medoffice.authorizations.ports.AuthorizationRepository` in SQLite."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def load(self) -> StoredAuthorizations:
        """Everything stored, in the order first stored, and the version, from one snapshot."""
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            coverages = _bodies(connection, "coverage", "rowid")
            auths = _bodies(connection, "prior_authorization", "rowid")
            referrals = _bodies(connection, "referral", "rowid")
            uses = _bodies(connection, "authorization_use", "seq")
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
        coverage_rows = _rows(coverages, Coverage, lambda c: (c.patient, c.payer_id))
        auth_rows = _rows(authorizations, PriorAuthorization, lambda a: (a.id, a.patient))
        referral_rows = _rows(referrals, Referral, lambda r: (r.id, r.patient))
        use_rows = _rows(uses, Use, lambda u: (u.record, u.source))
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._database.writing() as connection:
            if store_version(connection, _STORE) != expected_version:
                raise ConcurrencyConflict("the authorizations changed since they were read")
            connection.executemany(_COVERAGE, coverage_rows)
            connection.executemany(_AUTH, auth_rows)
            connection.executemany(_REFERRAL, referral_rows)
            connection.executemany(_USE, use_rows)
            return int(connection.execute(_BUMP, (_STORE,)).fetchone()[0])

    def __repr__(self) -> str:
        return f"SqliteAuthorizationRepository({self._database!r})"
