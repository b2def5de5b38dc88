"""A scratch PostgreSQL database for a test run: created on entry, dropped (with its roles) on exit.

Tests and benchmarks that need a server read ``MEDOFFICE_POSTGRES_URL`` (for instance
``postgresql://postgres@127.0.0.1:5432/postgres``; the role needs ``CREATEDB`` and, for the
tenancy tests, ``CREATEROLE``). :func:`server_url` answers ``None`` when it is unset, so a test
can skip saying why; :func:`scratch_database` connects (raising :class:`ServerUnreachable` when
the variable is set but nobody answers, so a test fails rather than skips) and hands out the URL
of a new database of its own, which it drops at the end, with every role named after it::

    with scratch_database(url) as scratch:
        database = open_database(scratch, practice="north")
        ...

>>> with_database("postgresql://app@db.example:5432/postgres?sslmode=require", "scratch")
'postgresql://app@db.example:5432/scratch?sslmode=require'
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

from medoffice.kernel import MedofficeError

__all__ = ["ServerUnreachable", "scratch_database", "server_url", "with_database"]


class ServerUnreachable(MedofficeError):
    """``MEDOFFICE_POSTGRES_URL`` is set, but the server does not answer."""


def server_url() -> str | None:
    """``MEDOFFICE_POSTGRES_URL``, or ``None`` when it is unset or empty."""
    return os.environ.get("MEDOFFICE_POSTGRES_URL") or None


def with_database(url: str, name: str) -> str:
    """``url`` naming the database ``name`` instead."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@contextlib.contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """The URL of a new, empty database on ``url``'s server, dropped at the end (with every role
    whose name starts with the database's)."""
    import psycopg  # noqa: PLC0415 - the postgres extra is optional

    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise ServerUnreachable(
            f"MEDOFFICE_POSTGRES_URL is set but the server cannot be reached: {error}"
        ) from None
    name = f"medoffice_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            roles = admin.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{name}%",)
            ).fetchall()
            for (role,) in roles:
                admin.execute(f'DROP ROLE "{role}"')
