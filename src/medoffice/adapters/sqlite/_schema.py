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

import sqlite3
from typing import Final

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

# Appointments filed by lane (``resource:<id>``, ``patient:<ref>``) and by the UTC days their
# held time (span and buffers) touches, and versions per lane-day: a booking reads and locks
# one provider's day, not the practice. Existing rows are filed from their JSON bodies.
_V4: Final = """
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
        date(start_utc, '-' || json_extract(body, '$.buffer_before_minutes') || ' minutes'),
        date(end_utc, '+' || json_extract(body, '$.buffer_after_minutes') || ' minutes',
             '-0.001 seconds')
    FROM appointment
    UNION ALL
    SELECT id, date(day, '+1 day'), last_day FROM held WHERE day < last_day
),
lanes (id, lane) AS (
    SELECT id, 'resource:' || provider FROM appointment
    UNION
    SELECT id, 'patient:' || json_extract(body, '$.patient') FROM appointment
    UNION
    SELECT appointment.id, 'resource:' || resource.value
    FROM appointment, json_each(appointment.body, '$.resources') AS resource
)
SELECT DISTINCT lanes.lane, held.day, held.id FROM held JOIN lanes ON lanes.id = held.id;
"""

# Append new migrations at the end; never edit one that has shipped.
MIGRATIONS: Final[tuple[str, ...]] = (_V1, _V2, _V3, _V4)
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
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return SCHEMA_VERSION


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
