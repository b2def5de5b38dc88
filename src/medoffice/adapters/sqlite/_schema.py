"""The SQLite schema: numbered forward migrations, applied in order when a database is opened.

``PRAGMA user_version`` holds the number of the last migration applied. Opening a database runs
the missing migrations inside one ``BEGIN IMMEDIATE`` transaction, so two processes opening a new
file at once cannot both migrate it; a database written by a newer medoffice (a higher number
than :data:`SCHEMA_VERSION`) is refused with :class:`NewerSchema` rather than guessed at.

Money is stored as integer minor units beside its ISO 4217 code (never ``REAL``); instants as
UTC ISO-8601 text; values with nested parts (an appointment's history, a staff member's
credentials) as JSON text beside the columns that are queried.

>>> len(MIGRATIONS) == SCHEMA_VERSION
True
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from typing import Final

from medoffice.adapters.sqlite._audit import chain_existing_events
from medoffice.adapters.sqlite._codec import posting_checksum, seal
from medoffice.adapters.sqlite._waitlist import fill_waitlist_columns
from medoffice.claims._history import keyed
from medoffice.kernel import MedofficeError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "NewerSchema", "migrate"]


class NewerSchema(MedofficeError):
    """The database was written by a newer medoffice; this one will not guess at its layout."""


_V1: Final = """
CREATE TABLE store_version (
    store TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 0)
) STRICT;

CREATE TABLE appointment (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX appointment_by_provider ON appointment (provider, start_utc);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version > 0),
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE location (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE screening (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL,
    on_day TEXT NOT NULL,
    source TEXT NOT NULL,
    result TEXT NOT NULL,
    body TEXT NOT NULL UNIQUE CHECK (json_valid(body))
) STRICT;
CREATE INDEX screening_by_person ON screening (person_id, on_day);
CREATE INDEX screening_by_day ON screening (on_day);

CREATE TABLE ledger_transaction (
    id TEXT PRIMARY KEY,
    on_day TEXT NOT NULL
) STRICT;

CREATE TABLE posting (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL REFERENCES ledger_transaction (id),
    on_day TEXT NOT NULL,
    account TEXT NOT NULL,
    minor_units INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    dimensions TEXT NOT NULL CHECK (json_valid(dimensions))
) STRICT;
CREATE INDEX posting_by_day ON posting (on_day);

CREATE TABLE encumbrance (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version > 0),
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE transfer_journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE audit_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_by_record ON audit_event (record_id);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

_V2: Final = """
CREATE TABLE waitlist_entry (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE waitlist_offer (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
"""

_V3: Final = """
CREATE TABLE claim_line (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_key TEXT NOT NULL,
    provider TEXT NOT NULL,
    service_day TEXT NOT NULL,
    claim_number TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX claim_line_by_day ON claim_line (patient_key, provider, service_day);
CREATE INDEX claim_line_by_claim ON claim_line (patient_key, provider, claim_number);
"""

# The audit log becomes a hash chain, and an insert may only append: it must take the next
# number (so ``INSERT OR REPLACE``, ``REPLACE INTO`` and an upsert on an existing event are
# refused before any conflict is resolved, whatever ``PRAGMA recursive_triggers`` says) and
# carry its digest. The update trigger is set aside while the existing events are chained.
_V4_COLUMN: Final = """
ALTER TABLE audit_event ADD COLUMN digest TEXT;
DROP TRIGGER audit_event_no_update;
"""

_V4_TRIGGERS: Final = """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_event_append_only BEFORE INSERT ON audit_event
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_event)
    OR NEW.digest IS NULL OR length(NEW.digest) != 64
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an event takes the next number'); END;
"""

# Every stored value is sealed with a checksum (bytes damaged on disk that still make valid JSON
# are refused, not misread), and so is every posting row.
_SEALED_TABLES: Final = (
    "appointment",
    "waitlist_entry",
    "waitlist_offer",
    "staff",
    "location",
    "screening",
    "encumbrance",
    "transfer_journal",
    "claim_line",
)

_V5_COLUMN: Final = """
ALTER TABLE posting ADD COLUMN checksum TEXT;
"""


def _seal_existing_rows(connection: sqlite3.Connection) -> None:
    for table in _SEALED_TABLES:
        rows = connection.execute(f"SELECT rowid, body FROM {table}").fetchall()  # noqa: S608
        connection.executemany(
            f"UPDATE {table} SET body = ? WHERE rowid = ?",  # noqa: S608
            [(seal(body), rowid) for rowid, body in rows],
        )
    rows = connection.execute(
        "SELECT rowid, transaction_id, on_day, account, minor_units, currency, dimensions "
        "FROM posting"
    ).fetchall()
    connection.executemany(
        "UPDATE posting SET checksum = ? WHERE rowid = ?",
        [(posting_checksum(row[1:]), row[0]) for row in rows],
    )


# Patient keys become keyed: each database draws its own random secret, and the keys already
# stored (unkeyed digests) are keyed with it, so that no claim history is lost.
_V6_TABLE: Final = """
CREATE TABLE store_secret (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL CHECK (length(value) >= 16)
) STRICT;
"""


def _key_patients(connection: sqlite3.Connection) -> None:
    secret = secrets.token_bytes(32)
    connection.execute(
        "INSERT INTO store_secret (name, value) VALUES ('patient_key', ?)", (secret,)
    )
    rows = connection.execute("SELECT rowid, patient_key FROM claim_line").fetchall()
    connection.executemany(
        "UPDATE claim_line SET patient_key = ? WHERE rowid = ?",
        [(keyed(digest, secret=secret), rowid) for rowid, digest in rows],
    )


# The revenue cycle: claims billed, and the postings against them (append-only).
_V7: Final = """
CREATE TABLE revenue_claim (
    control_number TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE revenue_posting (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE revenue_entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    posting INTEGER NOT NULL REFERENCES revenue_posting (seq),
    on_day TEXT NOT NULL,
    claim TEXT NOT NULL,
    line INTEGER NOT NULL,
    kind TEXT NOT NULL,
    minor_units INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    party TEXT NOT NULL,
    code TEXT NOT NULL,
    source TEXT NOT NULL,
    reference TEXT NOT NULL
) STRICT;
CREATE INDEX revenue_entry_by_reference ON revenue_entry (reference);

CREATE TABLE revenue_denial (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    posting INTEGER NOT NULL REFERENCES revenue_posting (seq),
    on_day TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE revenue_work (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    posting INTEGER NOT NULL REFERENCES revenue_posting (seq),
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TRIGGER revenue_entry_no_update BEFORE UPDATE ON revenue_entry
BEGIN SELECT RAISE(ABORT, 'the A/R ledger is append-only'); END;
CREATE TRIGGER revenue_entry_no_delete BEFORE DELETE ON revenue_entry
BEGIN SELECT RAISE(ABORT, 'the A/R ledger is append-only'); END;
"""

# Referrals and prior authorizations: coverage, the records, and usage (append-only).
_V8: Final = """
CREATE TABLE coverage (
    patient TEXT NOT NULL,
    payer_id TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (patient, payer_id)
) STRICT;

CREATE TABLE prior_authorization (
    id TEXT PRIMARY KEY,
    patient TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX prior_authorization_by_patient ON prior_authorization (patient);

CREATE TABLE referral (
    id TEXT PRIMARY KEY,
    patient TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX referral_by_patient ON referral (patient);

CREATE TABLE authorization_use (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record TEXT NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX authorization_use_by_record ON authorization_use (record);
CREATE TRIGGER authorization_use_no_update BEFORE UPDATE ON authorization_use
BEGIN SELECT RAISE(ABORT, 'usage is counted, never edited'); END;
CREATE TRIGGER authorization_use_no_delete BEFORE DELETE ON authorization_use
BEGIN SELECT RAISE(ABORT, 'usage is counted, never edited'); END;
"""

# Appointments filed by lane (``resource:<id>``, ``patient:<ref>``) and by the UTC days their
# held time (span and buffers) touches, and versions per lane-day: a booking reads and locks
# one provider's day, not the practice. Existing rows are filed from their sealed JSON bodies
# (the value sits under ``v``).
_V9: Final = """
CREATE TABLE appointment_lane (
    lane TEXT NOT NULL,
    utc_day TEXT NOT NULL,
    appointment_id TEXT NOT NULL REFERENCES appointment (id),
    PRIMARY KEY (lane, utc_day, appointment_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX appointment_lane_by_appointment ON appointment_lane (appointment_id);

CREATE TABLE slice_version (
    lane TEXT NOT NULL,
    day TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    PRIMARY KEY (lane, day)
) STRICT, WITHOUT ROWID;

INSERT INTO appointment_lane (lane, utc_day, appointment_id)
WITH RECURSIVE
held (id, day, last_day) AS (
    SELECT
        id,
        date(start_utc, '-' || json_extract(body, '$.v.buffer_before_minutes') || ' minutes'),
        date(end_utc, '+' || json_extract(body, '$.v.buffer_after_minutes') || ' minutes',
             '-0.001 seconds')
    FROM appointment
    UNION ALL
    SELECT id, date(day, '+1 day'), last_day FROM held WHERE day < last_day
),
lanes (id, lane) AS (
    SELECT id, 'resource:' || provider FROM appointment
    UNION
    SELECT id, 'patient:' || json_extract(body, '$.v.patient') FROM appointment
    UNION
    SELECT appointment.id, 'resource:' || resource.value
    FROM appointment, json_each(appointment.body, '$.v.resources') AS resource
)
SELECT DISTINCT lanes.lane, held.day, held.id FROM held JOIN lanes ON lanes.id = held.id;
"""

# The waitlist's open slice: beside each body, the columns it is filtered on (an entry's status,
# expiry and creation, an offer's entry, status and hold, instants as integer microseconds since
# the epoch), with partial indexes on the open rows, so an operation reads the entries still
# waiting and the live offers, not the whole history. Existing rows are filled from their bodies.
_V10_COLUMNS: Final = """
ALTER TABLE waitlist_entry ADD COLUMN status TEXT;
ALTER TABLE waitlist_entry ADD COLUMN expires_us INTEGER;
ALTER TABLE waitlist_entry ADD COLUMN created_us INTEGER;
ALTER TABLE waitlist_offer ADD COLUMN entry_id TEXT;
ALTER TABLE waitlist_offer ADD COLUMN status TEXT;
ALTER TABLE waitlist_offer ADD COLUMN hold_until_us INTEGER;
"""

_V10_INDEXES: Final = """
CREATE INDEX waitlist_entry_open ON waitlist_entry (expires_us)
    WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_entry_by_created ON waitlist_entry (created_us);
CREATE INDEX waitlist_offer_by_entry ON waitlist_offer (entry_id);
CREATE INDEX waitlist_offer_live ON waitlist_offer (hold_until_us) WHERE status = 'open';
"""

Step = str | Callable[[sqlite3.Connection], None]

# Append new migrations at the end; never edit one that has shipped. A migration is a script,
# or steps (scripts and functions of the connection) run in order in the same transaction.
MIGRATIONS: Final[tuple[Step | tuple[Step, ...], ...]] = (
    _V1,
    _V2,
    _V3,
    (_V4_COLUMN, chain_existing_events, _V4_TRIGGERS),
    (_V5_COLUMN, _seal_existing_rows),
    (_V6_TABLE, _key_patients),
    _V7,
    _V8,
    _V9,
    (_V10_COLUMNS, fill_waitlist_columns, _V10_INDEXES),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


def _version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the missing migrations (in autocommit mode); returns the schema version."""
    if _version(connection) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = _version(connection)
        if current > SCHEMA_VERSION:
            raise NewerSchema(
                f"the database has schema version {current}; this medoffice knows up to "
                f"{SCHEMA_VERSION}: upgrade medoffice to open it"
            )
        for number in range(current, SCHEMA_VERSION):
            _apply(connection, MIGRATIONS[number])
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return SCHEMA_VERSION


def _apply(connection: sqlite3.Connection, migration: Step | tuple[Step, ...]) -> None:
    for step in migration if isinstance(migration, tuple) else (migration,):
        if callable(step):
            step(connection)
            continue
        for statement in _statements(step):
            connection.execute(statement)


def _statements(script: str) -> list[str]:
    # Triggers hold semicolons inside BEGIN ... END, so split on complete statements only.
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]
