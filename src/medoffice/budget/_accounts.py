"""The chart of accounts: typed accounts in a tree, each mapped to an MGMA cost category.

A practice's chart is its own; what makes budgets comparable across practices is the mapping of
each account to the cost and revenue categories of the MGMA Cost and Revenue Survey. The
categories below are MGMA's category names (support staff groupings and general operating cost
categories) as listed in the MGMA DataDive Cost and Revenue glossary (2019). They are names only:
medoffice carries no MGMA benchmark figures, which are MGMA's data and which the user supplies.

More information: MGMA DataDive Cost and Revenue glossary, 2019
(https://www.mgma.com/data); beancount's account types (https://beancount.github.io/docs/).

>>> chart = ChartOfAccounts.of(
...     [
...         Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
...         Account(
...             code="6100",
...             name="Medical and surgical supplies",
...             type=AccountType.EXPENSE,
...             parent="6000",
...             category=MgmaCategory.MEDICAL_AND_SURGICAL_SUPPLY,
...         ),
...     ]
... )
>>> chart.descendants("6000")
('6100',)
>>> chart["6100"].category.group
'general operating cost'
>>> MgmaCategory.named("Medical and surgical supply") is MgmaCategory.MEDICAL_AND_SURGICAL_SUPPLY
True
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, final

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["Account", "AccountType", "ChartOfAccounts", "MgmaCategory"]


@final
class AccountType(enum.StrEnum):
    """What an account measures; decides the sign of a favourable variance."""

    REVENUE = "revenue"
    EXPENSE = "expense"
    ASSET = "asset"
    LIABILITY = "liability"

    @property
    def credit_normal(self) -> bool:
        """Whether postings to it are normally credits (negative): revenue and liabilities."""
        return self in {AccountType.REVENUE, AccountType.LIABILITY}

    @property
    def budgeted(self) -> bool:
        """Whether the account belongs to the operating budget (revenue and expense)."""
        return self in {AccountType.REVENUE, AccountType.EXPENSE}

    @property
    def favourable_when_over(self) -> bool:
        """Whether actual above budget is good news (revenue, assets) or bad (expense)."""
        return self in {AccountType.REVENUE, AccountType.ASSET}


_SUPPORT: Final = "support staff"
_OPERATING: Final = "general operating cost"
_REVENUE: Final = "revenue"


@final
class MgmaCategory(enum.Enum):
    """MGMA Cost and Revenue Survey categories (names per the 2019 DataDive glossary).

    Some names appear in two groups (*Information technology* is both a support staff grouping
    and a general operating cost); the member name and :attr:`group` tell them apart.
    """

    # Support staff groupings: business operations, front office, clinical, ancillary.
    GENERAL_ADMINISTRATIVE = ("General administrative", _SUPPORT)
    PATIENT_ACCOUNTING = ("Patient accounting", _SUPPORT)
    GENERAL_ACCOUNTING = ("General accounting", _SUPPORT)
    MANAGED_CARE_ADMINISTRATIVE = ("Managed care administrative", _SUPPORT)
    INFORMATION_TECHNOLOGY_STAFF = ("Information technology", _SUPPORT)
    HOUSEKEEPING_MAINTENANCE_SECURITY = ("Housekeeping, maintenance, security", _SUPPORT)
    MEDICAL_RECEPTIONISTS = ("Medical receptionists", _SUPPORT)
    MEDICAL_SECRETARIES_TRANSCRIBERS = ("Medical secretaries, transcribers", _SUPPORT)
    MEDICAL_RECORDS = ("Medical records", _SUPPORT)
    OTHER_ADMINISTRATIVE_SUPPORT = ("Other administrative support", _SUPPORT)
    REGISTERED_NURSES = ("Registered nurses", _SUPPORT)
    LICENSED_PRACTICAL_NURSES = ("Licensed practical nurses", _SUPPORT)
    MEDICAL_ASSISTANTS_NURSE_AIDES = ("Medical assistants, nurse aides", _SUPPORT)
    CLINICAL_LABORATORY_STAFF = ("Clinical laboratory", _SUPPORT)
    RADIOLOGY_IMAGING_STAFF = ("Radiology and imaging", _SUPPORT)
    OTHER_MEDICAL_SUPPORT_SERVICES = ("Other medical support services", _SUPPORT)
    # General operating cost categories.
    INFORMATION_TECHNOLOGY = ("Information technology", _OPERATING)
    DRUG_SUPPLY = ("Drug supply", _OPERATING)
    MEDICAL_AND_SURGICAL_SUPPLY = ("Medical and surgical supply", _OPERATING)
    BUILDING_AND_OCCUPANCY = ("Building and occupancy", _OPERATING)
    FURNITURE_AND_EQUIPMENT = ("Furniture and equipment", _OPERATING)
    ADMINISTRATIVE_SUPPLIES_AND_SERVICES = ("Administrative supplies and services", _OPERATING)
    PROFESSIONAL_LIABILITY_INSURANCE = ("Professional liability insurance premiums", _OPERATING)
    OTHER_INSURANCE_PREMIUMS = ("Other insurance premiums", _OPERATING)
    OUTSIDE_PROFESSIONAL_FEES = ("Outside professional fees", _OPERATING)
    PROMOTION_AND_MARKETING = ("Promotion and marketing", _OPERATING)
    CLINICAL_LABORATORY = ("Clinical laboratory", _OPERATING)
    RADIOLOGY_AND_IMAGING = ("Radiology and imaging", _OPERATING)
    OTHER_ANCILLARY_SERVICES = ("Other ancillary services", _OPERATING)
    BILLING_AND_COLLECTIONS_PURCHASED = ("Billing and collections purchased services", _OPERATING)
    MANAGEMENT_FEES = ("Management fees paid to an MSO or PPMC", _OPERATING)
    MISCELLANEOUS_OPERATING = ("Miscellaneous operating cost", _OPERATING)
    # Revenue.
    FEE_FOR_SERVICE_COLLECTIONS = ("Net fee-for-service collections/revenue", _REVENUE)
    CAPITATION_REVENUE = ("Net capitation revenue", _REVENUE)
    OTHER_MEDICAL_REVENUE = ("Net other medical revenue", _REVENUE)

    @property
    def label(self) -> str:
        """MGMA's name for the category."""
        return self.value[0]

    @property
    def group(self) -> str:
        """``support staff``, ``general operating cost`` or ``revenue``."""
        return self.value[1]

    @property
    def is_support_staff(self) -> bool:
        """Whether the category is a support staff grouping."""
        return self.group == _SUPPORT

    @classmethod
    def named(cls, name: str) -> MgmaCategory:
        """The category called ``name``: its member name or MGMA's name, in any case.

        MGMA's names *Information technology*, *Clinical laboratory* and *Radiology and imaging*
        are both a support staff grouping and a general operating cost, so they must be given by
        member name (``INFORMATION_TECHNOLOGY_STAFF`` or ``INFORMATION_TECHNOLOGY``). An unknown
        or ambiguous name raises :class:`~medoffice.kernel.InvalidValue` listing the valid ones.
        """
        given: object = name  # checked at run time: file readers pass what they found
        text = " ".join(given.split()) if isinstance(given, str) else ""
        member = None if " " in text else cls.__members__.get(text.upper())
        if member is not None:
            return member
        matches = [c for c in cls if c.label.casefold() == text.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = " or ".join(f"{c.name} ({c.group})" for c in matches)
            raise InvalidValue(f"{text!r} names two MGMA categories: use {choices}")
        known = [c.name for c in cls] + [c.label for c in cls]
        close = difflib.get_close_matches(text, known, n=3, cutoff=0.6)
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        raise InvalidValue(
            f"{text[:80]!r} is not an MGMA category{hint}; the categories are "
            + ", ".join(f"{c.name} ({c.label})" for c in cls)
        )


def _code(given: str) -> str:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, str) or not value.strip() or ":" in value:
        raise InvalidValue("an account code is a non-empty string without ':'")
    return value.strip()


def _optional_code(value: str | None) -> str | None:
    return None if value is None else _code(value)


@final
@attrs.frozen(kw_only=True)
class Account:
    """One account of the chart."""

    code: str = attrs.field(converter=_code)
    name: str
    type: AccountType = attrs.field(converter=AccountType)
    parent: str | None = attrs.field(default=None, converter=_optional_code)
    category: MgmaCategory | None = None


def _accounts(value: Iterable[Account]) -> tuple[Account, ...]:
    return tuple(value)


@final
@attrs.frozen
class ChartOfAccounts:
    """The accounts of a practice as a tree (a forest: several roots are allowed)."""

    accounts: tuple[Account, ...] = attrs.field(converter=_accounts)
    _by_code: Mapping[str, Account] = attrs.field(init=False, eq=False, repr=False)
    _children: Mapping[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, Account] = {}
        children: dict[str, list[str]] = {}
        for account in self.accounts:
            if account.code in by_code:
                raise InvalidArgument(f"account {account.code} appears twice in the chart")
            by_code[account.code] = account
        for account in self.accounts:
            if account.parent is None:
                continue
            parent = by_code.get(account.parent)
            if parent is None:
                raise InvalidArgument(
                    f"account {account.code} names unknown parent {account.parent}"
                )
            if parent.type is not account.type:
                raise InvalidArgument(f"account {account.code} differs in type from its parent")
            children.setdefault(account.parent, []).append(account.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        for account in self.accounts:  # a cycle would make roll-ups loop forever
            seen = {account.code}
            parent_code = account.parent
            while parent_code is not None:
                if parent_code in seen:
                    raise InvalidArgument(f"account {account.code} is its own ancestor")
                seen.add(parent_code)
                parent_code = by_code[parent_code].parent

    @classmethod
    def of(cls, accounts: Iterable[Account]) -> ChartOfAccounts:
        """A chart of ``accounts`` (parents must be in it too)."""
        return cls(tuple(accounts))

    def __getitem__(self, code: str) -> Account:
        try:
            return self._by_code[code]
        except KeyError:
            raise InvalidArgument(f"account {code} is not in the chart") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Account]:
        return iter(self.accounts)

    def __len__(self) -> int:
        return len(self.accounts)

    def children(self, code: str) -> tuple[str, ...]:
        """The direct children of an account."""
        self[code]
        return self._children.get(code, ())

    def descendants(self, code: str) -> tuple[str, ...]:
        """Every account below ``code``, depth first, in chart order."""
        found: list[str] = []
        stack = list(reversed(self.children(code)))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self._children.get(current, ())))
        return tuple(found)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The parent, grandparent, ... of ``code``."""
        found: list[str] = []
        parent = self[code].parent
        while parent is not None:
            found.append(parent)
            parent = self._by_code[parent].parent
        return tuple(found)

    def roots(self) -> tuple[str, ...]:
        """The accounts without a parent."""
        return tuple(a.code for a in self.accounts if a.parent is None)
