"""Opening a medoffice database by URL: SQLite for one office, PostgreSQL for many.

:func:`open_database` takes ``sqlite:///path/to/office.db`` (or a plain path) and returns a
:class:`~medoffice.adapters.sqlite.SqliteDatabase`; it takes ``postgresql://user@host/db``
(optionally ``?practice=name`` among the query parameters, ``main`` when absent) and returns a
:class:`~medoffice.adapters.postgres.PostgresDatabase`, which needs the ``postgres`` extra. Both
hand out the same repositories and units of work, so every domain's service takes either.

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> url = "sqlite:///" + str(pathlib.Path(folder.name) / "office.db")
>>> with open_database(url) as database:
...     type(database).__name__, database.integrity_check()
('SqliteDatabase', 'ok')
>>> folder.cleanup()
>>> split_practice("postgresql://app@db.example/medoffice?practice=north&sslmode=require")
('postgresql://app@db.example/medoffice?sslmode=require', 'north')

More information: https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from medoffice.adapters.sqlite import SqliteDatabase
from medoffice.adapters.sqlite import open_database as open_sqlite
from medoffice.kernel import InvalidArgument

if TYPE_CHECKING:
    from typing import TypeAlias

    from medoffice.adapters.postgres import PostgresDatabase, PostgresUnitOfWork
    from medoffice.adapters.sqlite import SqliteUnitOfWork

    #: Either database: the same repositories, units of work and audit log.
    Database: TypeAlias = SqliteDatabase | PostgresDatabase
    #: A unit of work of either database.
    DatabaseUnitOfWork: TypeAlias = SqliteUnitOfWork | PostgresUnitOfWork

__all__ = ["is_postgres_url", "open_database", "split_practice", "storage_of"]


def is_postgres_url(url: object) -> bool:
    """Whether ``url`` names a PostgreSQL database."""
    return isinstance(url, str) and url.startswith(("postgresql://", "postgres://"))


def split_practice(url: str) -> tuple[str, str]:
    """A PostgreSQL URL without its ``practice`` parameter, and the practice (``main``)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # such as an unclosed IPv6 bracket; the URL may hold a password
        raise InvalidArgument("the database URL cannot be read") from None
    query = parse_qsl(parts.query, keep_blank_values=True)
    practices = [value for name, value in query if name == "practice"]
    if len(practices) > 1:
        raise InvalidArgument("a database URL names at most one practice")
    rest = urlencode([(name, value) for name, value in query if name != "practice"])
    return urlunsplit(parts._replace(query=rest)), (practices[0] if practices else "main")


def storage_of(database: Database) -> str:
    """``'sqlite'`` or ``'postgresql'``: which server keeps ``database``."""
    return "sqlite" if isinstance(database, SqliteDatabase) else "postgresql"


def open_database(url: str | os.PathLike[str], *, read_only: bool = False) -> Database:
    """Open (creating and migrating when needed) the database ``url`` names.

    ``read_only`` opens only an existing database at this medoffice's schema version, changing
    nothing in it (no file or schema created, no migration; a write raises
    :class:`~medoffice.kernel.DatabaseError`): SQLite's ``read_only``, PostgreSQL's likewise.
    """
    if isinstance(url, os.PathLike):
        return open_sqlite(url, read_only=read_only)
    given: object = url  # checked at run time: not every caller is type-checked
    if not isinstance(given, str) or not given:
        raise InvalidArgument("a database is named by a URL or a path")
    if is_postgres_url(url):
        try:
            from medoffice.adapters.postgres import open_database as open_postgres  # noqa: PLC0415
        except ImportError:  # pragma: no cover - the extra is installed wherever tests run
            raise InvalidArgument(
                "PostgreSQL needs the postgres extra: pip install 'medoffice[postgres]'"
            ) from None
        plain, practice = split_practice(url)
        return open_postgres(plain, practice=practice, read_only=read_only)
    if url.startswith("sqlite:///"):
        return open_sqlite(url.removeprefix("sqlite://"), read_only=read_only)
    if "://" in url:
        raise InvalidArgument("a database URL starts with sqlite:/// or postgresql://")
    return open_sqlite(url, read_only=read_only)
