"""The PostgreSQL schema of one practice: numbered forward migrations and a version table.

Each practice lives in its own schema, ``medoffice_<practice>``, holding the same tables as the
SQLite file (see :mod:`medoffice.adapters.sqlite._schema`) with PostgreSQL's types: money as
``bigint`` minor units beside the ISO 4217 code, instants as ``timestamptz``, days as ``date``,
nested values as JSON text. ``schema_version`` has one row per migration applied. Opening a
practice runs the missing migrations in one transaction under an advisory lock (two servers
starting at once cannot both migrate); a practice migrated by a newer medoffice (a version
above :data:`SCHEMA_VERSION`) is refused with :class:`NewerSchema` before anything is changed.

The audit table is append-only twice over: triggers refuse ``UPDATE``, ``DELETE`` and
``TRUNCATE`` (even for the owner) and an insert that does not take the next number, and
:func:`grant_sql` gives an application role ``SELECT`` and ``INSERT`` on it and nothing more.
Each event stores its hash-chain digest (:func:`medoffice.kernel.chain_link`), as on SQLite.

>>> len(MIGRATIONS) == SCHEMA_VERSION
True
>>> schema_name("north_clinic")
'medoffice_north_clinic'
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Final

import psycopg

from medoffice.adapters.postgres._waitlist import fill_waitlist_columns
from medoffice.adapters.sqlite._schema import NewerSchema
from medoffice.claims._history import keyed
from medoffice.kernel import DatabaseError, InvalidArgument

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NewerSchema",
    "grant_sql",
    "migrate",
    "require_current",
    "schema_name",
    "schema_version",
]

_PRACTICE: Final = re.compile(r"[a-z][a-z0-9_]{0,47}")
_ROLE: Final = re.compile(r"[a-z_][a-z0-9_$]{0,62}")

_V1: Final = """
CREATE TABLE store_version (
    store text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version >= 0)
);

CREATE TABLE appointment (
    id text COLLATE "C" PRIMARY KEY,
    provider text COLLATE "C" NOT NULL,
    start_at timestamptz NOT NULL,
    end_at timestamptz NOT NULL CHECK (end_at > start_at),
    status text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX appointment_by_provider ON appointment (provider, start_at);

-- Appointments filed by lane ('resource:<id>', 'patient:<ref>') and the UTC days their held
-- time touches; versions per lane and day ('*' for a whole lane): a booking reads and versions
-- one provider's day, not the practice.
CREATE TABLE appointment_lane (
    lane text COLLATE "C" NOT NULL,
    utc_day date NOT NULL,
    appointment_id text COLLATE "C" NOT NULL REFERENCES appointment (id),
    PRIMARY KEY (lane, utc_day, appointment_id)
);
CREATE INDEX appointment_lane_by_appointment ON appointment_lane (appointment_id);

CREATE TABLE slice_version (
    lane text COLLATE "C" NOT NULL,
    day text COLLATE "C" NOT NULL,
    version bigint NOT NULL CHECK (version > 0),
    PRIMARY KEY (lane, day)
);

CREATE TABLE waitlist_entry (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    body text COLLATE "C" NOT NULL
);

CREATE TABLE waitlist_offer (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    body text COLLATE "C" NOT NULL
);

CREATE TABLE staff (
    id text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    body text COLLATE "C" NOT NULL
);

CREATE TABLE location (
    id text COLLATE "C" PRIMARY KEY,
    body text COLLATE "C" NOT NULL
);

CREATE TABLE screening (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id text COLLATE "C" NOT NULL,
    on_day date NOT NULL,
    source text COLLATE "C" NOT NULL,
    result text COLLATE "C" NOT NULL,
    digest text COLLATE "C" NOT NULL UNIQUE,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX screening_by_person ON screening (person_id, on_day);
CREATE INDEX screening_by_day ON screening (on_day);

CREATE TABLE ledger_transaction (
    id text COLLATE "C" PRIMARY KEY,
    on_day date NOT NULL
);

CREATE TABLE posting (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id text COLLATE "C" NOT NULL REFERENCES ledger_transaction (id),
    on_day date NOT NULL,
    account text COLLATE "C" NOT NULL,
    minor_units bigint NOT NULL,
    currency text COLLATE "C" NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    dimensions text COLLATE "C" NOT NULL
);
CREATE INDEX posting_by_day ON posting (on_day);

CREATE TABLE encumbrance (
    id text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    body text COLLATE "C" NOT NULL
);

CREATE TABLE transfer_journal (
    position bigint PRIMARY KEY CHECK (position > 0),
    transfer_id text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);

CREATE TABLE claim_line (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_key text COLLATE "C" NOT NULL,
    provider text COLLATE "C" NOT NULL,
    service_day date NOT NULL,
    claim_number text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX claim_line_by_day ON claim_line (patient_key, provider, service_day);
CREATE INDEX claim_line_by_claim ON claim_line (patient_key, provider, claim_number);

CREATE TABLE audit_event (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    at timestamptz NOT NULL,
    actor text COLLATE "C" NOT NULL,
    action text COLLATE "C" NOT NULL,
    record_type text COLLATE "C" NOT NULL,
    record_id text COLLATE "C" NOT NULL,
    outcome text COLLATE "C" NOT NULL,
    details text COLLATE "C" NOT NULL,
    digest text COLLATE "C" NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_by_record ON audit_event (record_id);
CREATE FUNCTION audit_event_next_number() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.seq <> coalesce((SELECT max(seq) FROM audit_event), 0) + 1 THEN
        RAISE EXCEPTION 'an audit event takes the next number' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_event_in_turn BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_next_number();
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
"""

# Patient keys become keyed, as on SQLite (migration 6 there): each practice draws its own random
# secret, and the keys already stored (unkeyed digests) are keyed with it, so that no claim
# history is lost.
_V2_TABLE: Final = """
CREATE TABLE store_secret (
    name text COLLATE "C" PRIMARY KEY,
    value bytea NOT NULL CHECK (octet_length(value) >= 16)
)
"""


def _key_patients(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    connection.execute(_V2_TABLE.encode())
    secret = secrets.token_bytes(32)
    connection.execute(
        "INSERT INTO store_secret (name, value) VALUES ('patient_key', %s)", (secret,)
    )
    rows = connection.execute("SELECT seq, patient_key FROM claim_line").fetchall()
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE claim_line SET patient_key = %s WHERE seq = %s",
            [(keyed(str(digest), secret=secret), seq) for seq, digest in rows],
        )


# The revenue cycle (claims billed, the postings against them, their ledger entries, denials and
# work items) and the authorizations (coverage, prior authorizations, referrals and their usage
# ledger), as on SQLite (migrations 7 and 8 there). The A/R ledger and the usage ledger are
# append-only: triggers refuse ``UPDATE``, ``DELETE`` and ``TRUNCATE``.
_V3: Final = """
CREATE TABLE revenue_claim (
    control_number text COLLATE "C" PRIMARY KEY,
    body text COLLATE "C" NOT NULL
);

CREATE TABLE revenue_posting (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE revenue_entry (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting bigint NOT NULL REFERENCES revenue_posting (seq),
    on_day date NOT NULL,
    claim text COLLATE "C" NOT NULL,
    line integer NOT NULL,
    kind text COLLATE "C" NOT NULL,
    minor_units bigint NOT NULL,
    currency text COLLATE "C" NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    party text COLLATE "C" NOT NULL,
    code text COLLATE "C" NOT NULL,
    source text COLLATE "C" NOT NULL,
    reference text COLLATE "C" NOT NULL
);
CREATE INDEX revenue_entry_by_reference ON revenue_entry (reference);

CREATE TABLE revenue_denial (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting bigint NOT NULL REFERENCES revenue_posting (seq),
    on_day date NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX revenue_denial_by_day ON revenue_denial (on_day);

CREATE TABLE revenue_work (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting bigint NOT NULL REFERENCES revenue_posting (seq),
    body text COLLATE "C" NOT NULL
);

CREATE FUNCTION revenue_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the A/R ledger is append-only' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER revenue_entry_no_change BEFORE UPDATE OR DELETE ON revenue_entry
    FOR EACH ROW EXECUTE FUNCTION revenue_entry_append_only();
CREATE TRIGGER revenue_entry_no_truncate BEFORE TRUNCATE ON revenue_entry
    FOR EACH STATEMENT EXECUTE FUNCTION revenue_entry_append_only();

CREATE TABLE coverage (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    patient text COLLATE "C" NOT NULL,
    payer_id text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL,
    PRIMARY KEY (patient, payer_id)
);

CREATE TABLE prior_authorization (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    patient text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX prior_authorization_by_patient ON prior_authorization (patient);

CREATE TABLE referral (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    patient text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX referral_by_patient ON referral (patient);

CREATE TABLE authorization_use (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record text COLLATE "C" NOT NULL,
    source text COLLATE "C" NOT NULL,
    body text COLLATE "C" NOT NULL
);
CREATE INDEX authorization_use_by_record ON authorization_use (record);
CREATE FUNCTION authorization_use_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'usage is counted, never edited' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER authorization_use_no_change BEFORE UPDATE OR DELETE ON authorization_use
    FOR EACH ROW EXECUTE FUNCTION authorization_use_append_only();
CREATE TRIGGER authorization_use_no_truncate BEFORE TRUNCATE ON authorization_use
    FOR EACH STATEMENT EXECUTE FUNCTION authorization_use_append_only();
"""


# The waitlist's open slice, as on SQLite (migration 10 there): beside each body, the columns it
# is filtered on, filled from the bodies already stored, with partial indexes on the open rows.
_V4_COLUMNS: Final = """
ALTER TABLE waitlist_entry
    ADD COLUMN status text COLLATE "C",
    ADD COLUMN expires timestamptz,
    ADD COLUMN created timestamptz;
ALTER TABLE waitlist_offer
    ADD COLUMN entry_id text COLLATE "C",
    ADD COLUMN status text COLLATE "C",
    ADD COLUMN hold_until timestamptz;
"""

_V4_INDEXES: Final = """
CREATE INDEX waitlist_entry_open ON waitlist_entry (expires)
    WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_entry_by_created ON waitlist_entry (created);
CREATE INDEX waitlist_offer_by_entry ON waitlist_offer (entry_id);
CREATE INDEX waitlist_offer_live ON waitlist_offer (hold_until) WHERE status = 'open';
"""


def _slice_waitlist(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    connection.execute(_V4_COLUMNS.encode())
    fill_waitlist_columns(connection)
    connection.execute(_V4_INDEXES.encode())


Migration = str | Callable[[psycopg.Connection[tuple[object, ...]]], None]

# Append new migrations at the end; never edit one that has shipped. A migration is a script, or
# a function of the connection (the practice's schema first on its search path).
MIGRATIONS: Final[tuple[Migration, ...]] = (_V1, _key_patients, _V3, _slice_waitlist)
SCHEMA_VERSION: Final = len(MIGRATIONS)

_VERSION_TABLE: Final = """
CREATE TABLE IF NOT EXISTS {s}.schema_version (
    version integer PRIMARY KEY CHECK (version > 0),
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def schema_name(practice: str) -> str:
    """The schema of ``practice`` (lower-case letters, digits and ``_``, a letter first)."""
    given: object = practice  # checked at run time: not every caller is type-checked
    if not isinstance(given, str) or not _PRACTICE.fullmatch(given):
        raise InvalidArgument(
            "a practice name is 1 to 48 lower-case letters, digits or '_', starting with a letter"
        )
    return f"medoffice_{practice}"


def schema_version(connection: psycopg.Connection[tuple[object, ...]], schema: str) -> int:
    """The last migration applied to ``schema`` (0 when the schema or its table is missing)."""
    row = connection.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f'"{schema}".schema_version',)
    ).fetchone()
    if row is None or not row[0]:
        return 0
    # ``schema`` comes from schema_name(), which admits only [a-z0-9_] names.
    found = connection.execute(
        f'SELECT max(version) FROM "{schema}".schema_version'  # noqa: S608
    ).fetchone()
    return 0 if found is None or found[0] is None else int(str(found[0]))


def _refuse_newer(current: int) -> None:
    if current > SCHEMA_VERSION:
        raise NewerSchema(
            f"the practice has schema version {current}; this medoffice knows up to "
            f"{SCHEMA_VERSION}: upgrade medoffice to open it"
        )


def require_current(connection: psycopg.Connection[tuple[object, ...]], schema: str) -> None:
    """Refuse, changing nothing, a ``schema`` that is missing or not at :data:`SCHEMA_VERSION`:
    :class:`NewerSchema` when a newer medoffice migrated it, else :class:`DatabaseError`."""
    current = schema_version(connection, schema)
    _refuse_newer(current)
    if current == SCHEMA_VERSION:
        return
    found = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)", (schema,)
    ).fetchone()
    if found is None or not found[0]:
        problem = "no such practice in this database (its schema does not exist)"
    else:
        problem = (
            f"has schema version {current}, not {SCHEMA_VERSION}: open it once for writing "
            "to migrate it"
        )
    raise DatabaseError(problem, file=schema, operation="open read-only")


def migrate(connection: psycopg.Connection[tuple[object, ...]], schema: str) -> int:
    """Bring ``schema`` up to :data:`SCHEMA_VERSION` (the connection is in autocommit mode)."""
    current = schema_version(connection, schema)
    _refuse_newer(current)
    if current == SCHEMA_VERSION:
        return current
    connection.execute("BEGIN")
    try:
        connection.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"medoffice:{schema}",))
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        connection.execute(_VERSION_TABLE.format(s=f'"{schema}"'))
        current = schema_version(connection, schema)
        _refuse_newer(current)
        connection.execute(f'SET LOCAL search_path TO "{schema}"')
        for number in range(current, SCHEMA_VERSION):
            migration = MIGRATIONS[number]
            if callable(migration):
                migration(connection)
            else:
                connection.execute(migration.encode())
            connection.execute(
                f'INSERT INTO "{schema}".schema_version (version) VALUES (%s)',  # noqa: S608
                (number + 1,),
            )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return SCHEMA_VERSION


def grant_sql(schema: str, role: str) -> list[str]:
    """The statements giving ``role`` what an application needs in ``schema``, and no more:
    read and write every table, but only read and append the audit log."""
    given: object = role  # checked at run time: not every caller is type-checked
    if not isinstance(given, str) or not _ROLE.fullmatch(given):
        raise InvalidArgument("a role name is a lower-case SQL identifier")
    quoted = f'"{schema}"'
    return [
        f'GRANT USAGE ON SCHEMA {quoted} TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quoted} TO "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE ON {quoted}.audit_event FROM "{role}"',
        f'REVOKE INSERT, UPDATE, DELETE ON {quoted}.schema_version FROM "{role}"',
        f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA {quoted} TO "{role}"',
    ]
