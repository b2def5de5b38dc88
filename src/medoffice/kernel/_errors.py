"""The exceptions of medoffice.

Exceptions are for programmer mistakes and for values that cannot exist. Problems in a user's
data (a claim, a schedule, a budget) are findings in a :class:`~medoffice.kernel.Report`, not
exceptions.

The four identifier failures follow python-stdnum's classes (``InvalidFormat``,
``InvalidLength``, ``InvalidChecksum``, ``InvalidComponent``), so code written against stdnum
reads naturally here. Every class is also a :class:`ValueError` where that is what it means.
"""

from __future__ import annotations

__all__ = [
    "ConcurrencyConflict",
    "CurrencyMismatch",
    "DatabaseError",
    "InvalidArgument",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidType",
    "InvalidValue",
    "MedofficeError",
    "ValidationError",
]


class MedofficeError(Exception):
    """The root of every exception medoffice raises on purpose."""


class InvalidValue(MedofficeError, ValueError):
    """A value that cannot exist: a negative duration, a float amount of money."""


class InvalidType(InvalidValue, TypeError):
    """A field was given a value of the wrong type; the message names the field and the type,
    never the value (it may be a patient's date of birth). Also a ``TypeError``."""


class InvalidArgument(MedofficeError, ValueError):
    """A function was called with arguments that do not fit together."""


class CurrencyMismatch(InvalidArgument):
    """Two amounts of different currencies were combined."""


class ConcurrencyConflict(MedofficeError):
    """A save was based on a version that is no longer current; re-read and retry."""


class DatabaseError(MedofficeError):
    """A database could not be opened, read or written.

    ``file`` names the database, ``operation`` what was being done (``open``,
    ``appointments.save``), ``problem`` what went wrong in words (the disk is full, the file is
    read-only, damaged or locked). The message holds all three and never a stored value.

    >>> str(DatabaseError("the disk is full", file="office.db", operation="audit.append"))
    'office.db: audit.append: the disk is full'
    """

    def __init__(
        self, problem: str, *, file: str | None = None, operation: str | None = None
    ) -> None:
        self.problem = problem
        self.file = file
        self.operation = operation
        where = ": ".join(part for part in (file, operation) if part)
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple[object, ...]:
        return (_database_error, (self.problem, self.file, self.operation))


def _database_error(problem: str, file: str | None, operation: str | None) -> DatabaseError:
    return DatabaseError(problem, file=file, operation=operation)


class ValidationError(InvalidValue):
    """An identifier or code failed validation (the stdnum family below)."""

    default_message = "the value is not valid"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        """The human-readable reason, never containing the rejected value."""
        return str(self)


class InvalidFormat(ValidationError):
    """Characters or structure that the identifier does not allow."""

    default_message = "the value has an invalid format"


class InvalidLength(InvalidFormat):
    """The identifier has the wrong number of characters."""

    default_message = "the value has an invalid length"


class InvalidChecksum(ValidationError):
    """The check digit does not match."""

    default_message = "the value's check digit does not match"


class InvalidComponent(ValidationError):
    """A part of the identifier (a prefix, a type letter) has a value that is not allowed."""

    default_message = "one of the parts of the value is not valid"
