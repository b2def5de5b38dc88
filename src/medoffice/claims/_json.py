"""The JSON form of a claim (documented in ``docs/claims.md``, schema ``docs/claim.schema.json``).

Field names are the model's; dates are ISO 8601 strings (``"2026-03-02"``); money is
``{"amount": "185.00", "currency": "USD"}`` (a bare string is US dollars); units are a decimal
string or an integer; pointers are 1-based integers (1 is the first diagnosis, A on the paper
form). A file holds one claim, a list of claims, or ``{"claims": [...]}``. Unknown keys are
refused, so a misspelt field is reported instead of silently ignored.

Reading bad JSON raises :class:`ClaimReadError`, which names every offending field by path and
never quotes a value (the value may be a patient's date of birth).

>>> claim = claim_from_json('''{"patient_control_number": "PCN-1",
...   "billing": {"npi": "1234567893", "tin": "12-3456789"},
...   "patient": {"sex": "F", "date_of_birth": "1958-07-14"},
...   "subscriber": {"member_id": "1EG4TE5MK73"},
...   "payer": {"payer_id": "00952", "type": "medicare"},
...   "diagnoses": ["E11.9"],
...   "lines": [{"service_from": "2026-03-02", "procedure": "99213", "pointers": [1],
...              "charge": "125.00"}]}''')
>>> claim.lines[0].charge
Money('125.00', 'USD')
>>> claims_from_json('{"claims": [{"patient_control_number": 7}]}')
Traceback (most recent call last):
...
medoffice.claims._json.ClaimReadError: claims[0].patient_control_number: expected a string; ...
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, final

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.v import transform_error

from medoffice.claims._model import Claim, PayerType
from medoffice.kernel import InvalidValue, MedofficeError, Money
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, UnreadableInput, parse_json

__all__ = ["ClaimReadError", "claim_from_json", "claim_to_json", "claims_from_json"]

_TYPE_WORDS: Final = {
    "str": "a string",
    "int": "an integer",
    "date": "a date (YYYY-MM-DD)",
    "Decimal": "a decimal number",
    "Money": "an amount of money",
}


@final
class ClaimReadError(InvalidValue):
    """A claim's JSON could not be read; ``problems`` lists ``path: what`` for each field."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems) or "the claim could not be read")


def _date(value: object, _: type) -> date:
    if not isinstance(value, str):
        raise TypeError("date")
    return date.fromisoformat(value)


def _money(value: object, _: type) -> Money:
    if isinstance(value, str):
        return Money.of(value, "USD")
    if isinstance(value, dict) and set(value) <= {"amount", "currency"} and "amount" in value:
        amount = value["amount"]
        if not isinstance(amount, str | int) or isinstance(amount, bool):
            raise TypeError("Money")
        return Money.of(amount, str(value.get("currency", "USD")))
    raise TypeError("Money")


def _decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError("Decimal")
    return Decimal(value)


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError("str")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("int")
    return value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(date, _date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(Money, _money)
    converter.register_unstructure_hook(
        Money, lambda m: {"amount": str(m.amount), "currency": m.currency.code}
    )
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(PayerType, lambda v, _: PayerType(v))
    return converter


CONVERTER: Final = _make_converter()
_PATH: Final = re.compile(r"\$\.?")


def _describe(error: BaseException, _type: Any) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(error.extra_fields))}"
    if isinstance(error, MedofficeError):
        return str(error)
    if isinstance(error, TypeError) and str(error) in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[str(error)]}"
    if isinstance(error, ValueError) and _type is PayerType:
        return f"expected one of {', '.join(t.value for t in PayerType)}"
    name = getattr(_type, "__name__", "")
    if name in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[name]}"
    return "invalid value"


def _problems(error: Exception, prefix: str) -> list[str]:
    found = []
    for line in transform_error(error, path="$", format_exception=_describe):
        what, _, where = line.rpartition(" @ ")
        path = _PATH.sub("", where, count=1)
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else prefix + path
        found.append(f"{path or '(claim)'}: {what}")
    return found


def _structure(data: object, prefix: str) -> Claim:
    if not isinstance(data, dict):
        raise ClaimReadError([f"{prefix or '(claim)'}: expected an object"])
    try:
        return CONVERTER.structure(data, Claim)
    except (ClassValidationError, IterableValidationError) as error:
        raise ClaimReadError(_problems(error, prefix)) from None
    except (MedofficeError, TypeError, ValueError) as error:
        raise ClaimReadError([f"{prefix or '(claim)'}: {_describe(error, None)}"]) from None


def _load(text: str | bytes, limits: InputLimits) -> object:
    try:
        return parse_json(text, source="(file)", limits=limits)
    except UnreadableInput as error:
        raise ClaimReadError([str(error)]) from None


def claim_from_json(text: str | bytes, *, limits: InputLimits = DEFAULT_LIMITS) -> Claim:
    """One claim from its JSON form (within ``limits``: size, nesting, integer digits)."""
    return _structure(_load(text, limits), "")


def claims_from_json(
    text: str | bytes, *, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Claim, ...]:
    """The claims of a JSON document: one claim, a list, or ``{"claims": [...]}``.

    A document over ``limits`` (size, nesting, integer digits) raises :class:`ClaimReadError`
    like any other unreadable document.
    """
    data = _load(text, limits)
    if isinstance(data, dict) and set(data) == {"claims"}:
        data = data["claims"]
    if isinstance(data, dict):
        return (_structure(data, ""),)
    if not isinstance(data, list):
        raise ClaimReadError(['(file): expected a claim, a list of claims or {"claims": [...]}'])
    claims: list[Claim] = []
    problems: list[str] = []
    for index, item in enumerate(data):
        try:
            claims.append(_structure(item, f"claims[{index}]"))
        except ClaimReadError as error:
            problems.extend(error.problems)
    if problems:
        raise ClaimReadError(problems)
    return tuple(claims)


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The JSON-ready form of ``claim`` (``json.dumps`` it); the inverse of the readers."""
    data: dict[str, Any] = CONVERTER.unstructure(claim)
    return data
