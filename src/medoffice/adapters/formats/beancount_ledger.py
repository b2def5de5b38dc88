"""Actuals from a beancount ledger: its transactions, with the chart's account codes.

beancount writes a transaction as a dated header and indented postings::

    2026-01-12 * "Acme" "Gloves, January"
      cost_centre: "CLINIC"
      Expenses:6000-Supplies:6100-MedicalSupplies   4630.00 USD
      Liabilities:2000-AccountsPayable

Each transaction (flag ``*``, ``!`` or ``txn``) becomes one
:class:`~medoffice.budget.Transaction` whose legs keep the postings' order; one posting may leave
its amount out, and it takes what balances the others, as beancount infers it. The transaction's
id is its first link (``^bill-1001``), else ``narration@date`` (``#2``, ``#3``, ... added when the
same narration falls twice on one day), so a ledger imported twice is recognised.

An account is matched to the chart by the code that starts its last component
(``6100-MedicalSupplies`` is ``6100``, as
:func:`~medoffice.adapters.formats.beancount.to_beancount` writes them), or by an ``open``
directive's ``code:`` metadata (``2026-01-01 open Expenses:Supplies`` followed by
``code: "6100"``); an account that gives no code is an error. Metadata whose key is a
medoffice dimension (``cost_centre``, ``location``, ``provider``, ``service_line``, ``payer``;
``cost-center`` spelt either way) tags the legs: on the transaction it tags every leg, on a posting
that posting only (and wins).

What is read exactly or refused, never guessed: amounts are decimals (thousands separators
allowed); arithmetic (``(100/3)``), costs (``{...}``), prices (``@``) and postings in another
currency are refused, as are ``pad`` (whose generated entries would be lost), ``include`` and
``pushmeta``. Options, plugins, ``open``/``close``/``balance``/``price``/``note``/``document``/
``event``/``query``/``custom``/``commodity`` directives, tags, comments and org-mode headings
are skipped. Every error is :class:`~medoffice.kernel.InvalidValue` naming the source and the
line number.

More information: beancount's language syntax
(https://beancount.github.io/docs/beancount_language_syntax.html).

>>> text = (
...     '2026-01-12 * "Acme" "Gloves" ^bill-1001\\n'
...     '  cost_centre: "CLINIC"\\n'
...     "  Expenses:6000-Supplies:6100-MedicalSupplies   4,630.00 USD\\n"
...     "  Liabilities:2000-AccountsPayable\\n"
... )
>>> (t,) = parse_beancount_ledger(text, currency="USD")
>>> t.id, [(leg.account, str(leg.amount.amount)) for leg in t.legs]
('bill-1001', [('6100', '4630.00'), ('2000', '-4630.00')])
>>> t.legs[1].dimensions.cost_centre
'CLINIC'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from medoffice.adapters.formats._csv_ledger import load
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import InvalidValue, MedofficeError, Money
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits

__all__ = ["load_beancount_ledger", "parse_beancount_ledger"]

_DATE: Final = r"(\d{4})[-/](\d{2})[-/](\d{2})"
_HEADER: Final = re.compile(_DATE + r"\s+(\*|!|txn|[A-Z])(?:\s+(.*))?$")
_DIRECTIVE: Final = re.compile(_DATE + r"\s+([a-z]+)\b\s*(.*)$")
_STRING: Final = re.compile(r'"((?:[^"\\]|\\.)*)"')
_LINK: Final = re.compile(r"\^([A-Za-z0-9\-_/.]+)")
_META: Final = re.compile(r'([a-z][A-Za-z0-9\-_]*):\s*(?:"((?:[^"\\]|\\.)*)"|(\S.*?))\s*$')
_POSTING: Final = re.compile(
    r"(?:[*!]\s+)?([A-Z][A-Za-z0-9\-]*(?::[A-Z0-9][A-Za-z0-9\-]*)+)(?:\s+(.*?))?\s*$"
)
_AMOUNT: Final = re.compile(r"(-?[0-9][0-9,]*(?:\.[0-9]+)?|-?\.[0-9]+)\s+([A-Z][A-Z0-9'._-]*)")
_CODE: Final = re.compile(r"([0-9A-Za-z]+)-")
_SKIPPED: Final = frozenset(
    {"open", "close", "balance", "price", "note", "document", "event", "query", "custom",
     "commodity"}
)  # fmt: skip
_REFUSED: Final = {
    "pad": "pad entries are not read (the balancing entries they generate would be lost); "
    "write the opening balance as a transaction",
}
_DIMENSIONS: Final[Mapping[str, Dimension]] = {
    **{d.value: d for d in Dimension},
    **{d.value.replace("_", "-"): d for d in Dimension},
    "cost_center": Dimension.COST_CENTRE,
    "cost-center": Dimension.COST_CENTRE,
}


@attrs.define
class _Posting:
    line: int
    account: str
    amount: Decimal | None
    meta: dict[str, str] = attrs.field(factory=dict)


@attrs.define
class _Entry:
    line: int
    on: date
    narration: str
    link: str | None
    meta: dict[str, str] = attrs.field(factory=dict)
    postings: list[_Posting] = attrs.field(factory=list)


def _without_comment(text: str) -> str:
    """``text`` up to a ``;`` that is not inside a string."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif char == ";" and not quoted:
            return text[:i]
    return text


def _day(where: str, match: re.Match[str]) -> date:
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidValue(f"{where}: {match[0][:10]!r} is not a calendar day") from None


def _amount(where: str, text: str, currency: str) -> Decimal:
    match = _AMOUNT.fullmatch(text)
    if match is None:
        if "{" in text or "@" in text:
            raise InvalidValue(f"{where}: costs and prices ({{...}}, @) are not read")
        raise InvalidValue(
            f"{where}: the amount {text[:40]!r} is not a number and a currency "
            "(arithmetic is not read)"
        )
    if match[2] != currency:
        raise InvalidValue(
            f"{where}: the posting is in {match[2][:10]}, the budget in {currency}; "
            "currencies are never added together"
        )
    try:
        return Decimal(match[1].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits decimals only
        raise InvalidValue(f"{where}: the amount {match[1][:40]!r} is not a number") from None


@attrs.define
class _Reader:
    """Reads a ledger line by line into entries; ``codes`` gains the ``open`` directives' codes."""

    currency: str
    source: str
    codes: dict[str, str] = attrs.field(factory=dict)
    entries: list[_Entry] = attrs.field(factory=list)
    entry: _Entry | None = None
    opened: str | None = None  # the account of an ``open`` whose metadata may follow

    def read(self, text: str) -> list[_Entry]:
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _without_comment(raw).rstrip()
            if not line.strip() or line[0] in "*#":  # blank, comment, org-mode heading
                continue
            where = f"{self.source}, line {number}"
            if line[0].isspace():
                self._indented(where, number, line.strip())
            else:
                self._top_level(where, number, line)
        return self.entries

    def _top_level(self, where: str, number: int, line: str) -> None:
        self.entry, self.opened = None, None
        header = _HEADER.match(line)
        if header is not None:
            rest = header[5] or ""
            strings = _STRING.findall(rest)
            link = _LINK.search(_STRING.sub("", rest))
            self.entry = _Entry(
                line=number,
                on=_day(where, header),
                narration=strings[-1] if strings else "",
                link=link[1] if link else None,
            )
            self.entries.append(self.entry)
            return
        directive = _DIRECTIVE.match(line)
        if directive is not None:
            _day(where, directive)
            kind = directive[4]
            if kind in _REFUSED:
                raise InvalidValue(f"{where}: {_REFUSED[kind]}")
            if kind not in _SKIPPED:
                raise InvalidValue(f"{where}: {kind[:20]!r} is not a beancount directive")
            if kind == "open" and directive[5].split():
                self.opened = directive[5].split()[0]
            return
        keyword = line.split(maxsplit=1)[0]
        if keyword in {"include", "pushmeta", "popmeta"}:
            raise InvalidValue(f"{where}: {keyword} is not followed; give the ledger whole")
        if keyword not in {"option", "plugin", "pushtag", "poptag"}:
            raise InvalidValue(f"{where}: not a beancount entry")

    def _indented(self, where: str, number: int, body: str) -> None:
        meta = _META.fullmatch(body)
        if meta is not None and not body[0].isupper():
            key, value = meta[1], meta[2] if meta[2] is not None else meta[3]
            if self.opened is not None and key == "code":
                self.codes[self.opened] = value.strip()
            elif self.entry is not None:
                entry = self.entry
                (entry.postings[-1].meta if entry.postings else entry.meta)[key] = value
            return
        if self.entry is None:
            if self.opened is not None:
                return  # a skipped directive's own lines
            raise InvalidValue(f"{where}: an indented line outside a transaction")
        posting = _POSTING.fullmatch(body)
        if posting is None:
            raise InvalidValue(f"{where}: not a posting (ACCOUNT AMOUNT CURRENCY)")
        amount = _amount(where, posting[2], self.currency) if posting[2] else None
        self.entry.postings.append(_Posting(line=number, account=posting[1], amount=amount))


def _money(where: str, value: Decimal, currency: str) -> Money:
    try:
        return Money(value, currency)
    except MedofficeError as error:
        raise InvalidValue(f"{where}: {error}") from None


def _code(where: str, account: str, codes: Mapping[str, str]) -> str:
    if account in codes:
        return codes[account]
    match = _CODE.match(account.rsplit(":", 1)[-1])
    if match is None:
        raise InvalidValue(
            f"{where}: the account {account[:80]!r} gives no chart code; name it "
            '"...:6100-Name" or add code: "6100" to its open directive'
        )
    return match[1]


def _dimensions(where: str, *layers: Mapping[str, str]) -> Dimensions:
    found: dict[str, str] = {}
    for meta in layers:
        for key, value in meta.items():
            dimension = _DIMENSIONS.get(key)
            if dimension is not None:
                found[dimension.value] = value
    try:
        return Dimensions.from_mapping(found)
    except InvalidValue as error:
        raise InvalidValue(f"{where}: {error}") from None


def parse_beancount_ledger(
    text: str, *, currency: str, source: str = "(input)"
) -> tuple[Transaction, ...]:
    """The transactions of a beancount ledger in ``currency``, accounts as chart codes."""
    reader = _Reader(currency=currency, source=source)
    entries, codes = reader.read(text), reader.codes
    if not entries:
        raise InvalidValue(f"{source}: the ledger has no transactions")
    seen: dict[str, int] = {}
    found: list[Transaction] = []
    for entry in entries:
        where = f"{source}, line {entry.line}"
        if len(entry.postings) < 2:
            raise InvalidValue(f"{where}: a transaction needs at least two postings")
        missing = [p for p in entry.postings if p.amount is None]
        if len(missing) > 1:
            raise InvalidValue(f"{where}: only one posting may leave its amount out")
        rest = sum((p.amount for p in entry.postings if p.amount is not None), Decimal(0))
        base = entry.link or f"{entry.narration}@{entry.on.isoformat()}"
        seen[base] = seen.get(base, 0) + 1
        legs = []
        for p in entry.postings:
            at = f"{source}, line {p.line}"
            legs.append(
                Leg(
                    account=_code(at, p.account, codes),
                    amount=_money(at, -rest if p.amount is None else p.amount, currency),
                    dimensions=_dimensions(at, entry.meta, p.meta),
                )
            )
        found.append(
            Transaction(
                id=base if seen[base] == 1 else f"{base}#{seen[base]}", on=entry.on, legs=legs
            )
        )
    return tuple(found)


def load_beancount_ledger(
    path: str | os.PathLike[str], *, currency: str, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Transaction, ...]:
    """Read a beancount ledger (UTF-8, at most ``limits.max_bytes``) as transactions."""
    return load(path, parse_beancount_ledger, currency=currency, limits=limits)
