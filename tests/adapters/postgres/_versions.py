"""Practices recorded at another schema version than this medoffice's, for the tests of refusal.

:func:`practice_at` makes a practice if it is absent (migrated to this medoffice's version),
then rewrites its ``schema_version`` rows as a practice behind (the newer rows gone) or ahead
(rows up to the given version) would hold them; :func:`versions` reads those rows back, and
:func:`schema_exists` tells whether a practice's schema is there at all.
"""

from __future__ import annotations

import psycopg

from medoffice.adapters.postgres import open_database as open_postgres
from medoffice.adapters.postgres._schema import schema_name


def practice_at(url: str, practice: str, version: int) -> None:
    """Record ``practice`` at ``version``, made first (at this medoffice's version) if absent."""
    schema = schema_name(practice)
    if not schema_exists(url, schema):
        with open_postgres(url, practice=practice):
            pass
    table = f'"{schema}".schema_version'
    with psycopg.connect(url) as connection:
        connection.execute(f"DELETE FROM {table} WHERE version > %s", (version,))
        connection.execute(
            f"INSERT INTO {table} (version)"
            f" SELECT generate_series(max(version) + 1, %s) FROM {table}",
            (version,),
        )


def versions(url: str, schema: str) -> list[int]:
    """The versions recorded in ``schema``'s ``schema_version`` table, in order."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            f'SELECT version FROM "{schema}".schema_version ORDER BY version'
        ).fetchall()
    return [int(row[0]) for row in rows]


def schema_exists(url: str, schema: str) -> bool:
    """Whether the database at ``url`` has a schema named ``schema``."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = %s", (schema,)
        ).fetchone()
    return row == (1,)
