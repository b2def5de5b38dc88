"""Hypothesis strategies for the credentials domain."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from medoffice.credentials._kind_packs import KIND_PACKS
from medoffice.credentials._model import Activity, Credential, CredentialKind, Role, StaffMember
from medoffice.credentials._monitoring import Screening, ScreeningResult, ScreeningSource

__all__ = ["credentials", "screenings", "staff_members"]

_STATES = ("CA", "TX", "IL", "NY", "MO")
_KINDS = (*CredentialKind, *(spec.kind for pack in KIND_PACKS for spec in pack.kinds))
_TAXONOMIES = ("207Q00000X", "363A00000X", "363L00000X", "163W00000X", "164W00000X")
_PAYERS = ("MEDICARE", "ACME", "BLUE")


@st.composite
def credentials(
    draw: st.DrawFn,
    *,
    kinds: tuple[CredentialKind, ...] = _KINDS,
    states: tuple[str, ...] = _STATES,
    min_value: date = date(2000, 1, 1),
    max_value: date = date(2099, 1, 1),
) -> Credential:
    """Credentials of any kind, with or without a stated expiry date."""
    kind = draw(st.sampled_from(kinds))
    issued = draw(st.dates(min_value=min_value, max_value=max_value))
    stated = draw(st.none() | st.integers(0, 1500).map(lambda d: issued + timedelta(days=d)))
    payer = None
    if kind in (CredentialKind.PAYER_CREDENTIALING, CredentialKind.MEDICARE_ENROLLMENT):
        payer = (
            "MEDICARE"
            if kind is CredentialKind.MEDICARE_ENROLLMENT
            else draw(st.sampled_from(_PAYERS[1:]))
        )
    return Credential(
        kind=kind,
        issuer=draw(st.sampled_from(("AHA", "DEA", "BOARD", "CMS", "ACME"))),
        jurisdiction=draw(st.sampled_from((*states, "US"))),
        issued_on=issued,
        expires_on=stated,
        number=draw(st.from_regex(r"[A-Z]{1,2}[0-9]{3,6}", fullmatch=True)),
        payer=payer,
    )


@st.composite
def staff_members(draw: st.DrawFn, *, max_credentials: int = 10) -> StaffMember:
    """Staff members with random roles, states, payers, activities and credentials."""
    states = draw(st.frozensets(st.sampled_from(_STATES), max_size=3))
    return StaffMember(
        id=draw(st.from_regex(r"S-[0-9]{1,5}", fullmatch=True)),
        role=draw(st.sampled_from(list(Role))),
        taxonomy=draw(st.none() | st.sampled_from(_TAXONOMIES)),
        birth_date=draw(st.none() | st.dates(date(1940, 1, 1), date(2005, 12, 31))),
        states=states,
        payers=draw(st.frozensets(st.sampled_from(_PAYERS), max_size=3)),
        activities=draw(st.frozensets(st.sampled_from(list(Activity)))),
        credentials=draw(
            st.lists(credentials(states=tuple(sorted(states)) or _STATES), max_size=max_credentials)
        ),
    )


def screenings(*, people: tuple[str, ...] = ("S-1", "S-2", "S-3")) -> st.SearchStrategy[Screening]:
    """Screenings of a few people against any source, in 2024-2026."""
    return st.builds(
        Screening,
        person_id=st.sampled_from(people),
        source=st.sampled_from(list(ScreeningSource)),
        on=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
        result=st.sampled_from(list(ScreeningResult)),
    )
