"""Junk in, clear errors out: every constructor and answer refuses bad input with InvalidValue
or InvalidArgument, never a bare traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

import pytest

from medoffice.credentials._capabilities import can_practise
from medoffice.credentials._index import StatusIndex
from medoffice.credentials._model import Credential, Location, StaffMember, VerificationEvent
from medoffice.credentials._monitoring import Screening
from medoffice.credentials._status import status
from medoffice.kernel import InvalidArgument, InvalidValue

JUNK: list[object] = [None, "", "€", 3.5, object(), b"bytes", ["€"]]


def _certificate(details: Any) -> Credential:
    return Credential(
        kind="malpractice_coi",
        issuer="Carrier",
        jurisdiction="US",
        issued_on=date(2026, 1, 1),
        details=details,
    )


class TestConstructorsRefuseJunk:
    @pytest.mark.parametrize("junk", JUNK)
    @pytest.mark.parametrize("field", ["role", "states", "payers", "activities", "credentials"])
    def test_staff_member_fields(self, field: str, junk: Any) -> None:
        """Junk roles, state sets, payer sets, activity sets or credentials raise InvalidValue."""
        with pytest.raises(InvalidValue):
            StaffMember(**{"id": "S-1", "role": "rn", field: junk})

    @pytest.mark.parametrize("junk", [None, "", "   ", 3.5, object()])
    def test_staff_id_must_be_text(self, junk: Any) -> None:
        """An id that is not a non-empty string raises InvalidValue."""
        with pytest.raises(InvalidValue):
            StaffMember(id=junk, role="rn")

    @pytest.mark.parametrize("junk", JUNK)
    def test_credential_fields(self, junk: Any) -> None:
        """Junk kinds, jurisdictions or dates raise InvalidValue."""
        base: dict[str, Any] = {
            "kind": "bls",
            "issuer": "AHA",
            "jurisdiction": "US",
            "issued_on": date(2026, 1, 1),
        }
        for name in ("kind", "jurisdiction", "issued_on", "expires_on"):
            if name == "expires_on" and junk is None:
                continue
            with pytest.raises(InvalidValue):
                Credential(**{**base, name: junk})

    def test_a_datetime_is_not_a_day(self) -> None:
        """Issue dates are calendar days; datetimes are refused."""
        with pytest.raises(InvalidValue):
            Credential(
                kind="bls",
                issuer="AHA",
                jurisdiction="US",
                issued_on=datetime(2026, 1, 1, tzinfo=UTC),
            )

    def test_expiry_before_issue_is_refused(self) -> None:
        """A credential cannot expire before it is issued."""
        with pytest.raises(InvalidValue):
            Credential(
                kind="bls",
                issuer="AHA",
                jurisdiction="US",
                issued_on=date(2026, 1, 2),
                expires_on=date(2026, 1, 1),
            )

    @pytest.mark.parametrize("junk", JUNK)
    def test_screenings_verifications_and_locations(self, junk: Any) -> None:
        """Junk sources, outcomes, results and states raise InvalidValue."""
        with pytest.raises(InvalidValue):
            Screening(person_id="S-1", source=junk, on=date(2026, 1, 1), result="clear")
        with pytest.raises(InvalidValue):
            Screening(person_id="S-1", source="LEIE", on=date(2026, 1, 1), result=junk)
        with pytest.raises(InvalidValue):
            VerificationEvent(source="MBC", on=date(2026, 1, 1), outcome=junk)
        with pytest.raises(InvalidValue):
            Location(id="MAIN", state=junk)

    @pytest.mark.parametrize("junk", [*(j for j in JUNK if j is not None), "207Q", "physician"])
    def test_taxonomy_must_be_a_nucc_code(self, junk: Any) -> None:
        """A taxonomy that is not a ten-character NUCC code raises InvalidValue."""
        with pytest.raises(InvalidValue):
            StaffMember(id="S-1", role="pa", taxonomy=junk)

    @pytest.mark.parametrize(
        "junk",
        [
            *(j for j in JUNK if j is not None),
            [("per_claim",)],
            {"Per Claim": "1000000 USD"},
            {"per_claim": 1000000},
        ],
    )
    def test_details_must_be_names_and_text(self, junk: Any) -> None:
        """Details that are not names (lower case) mapped to text raise InvalidValue."""
        with pytest.raises(InvalidValue):
            _certificate(junk)


class TestConvertersAcceptWhatTheyDocument:
    @pytest.mark.parametrize(
        "given",
        [
            MappingProxyType({"per_claim": "1000000 USD", "aggregate": "3000000 USD"}),
            [("per_claim", "1000000 USD"), ("aggregate", "3000000 USD")],
            (pair for pair in {"aggregate": "3000000 USD", "per_claim": "1000000 USD"}.items()),
        ],
    )
    def test_details_from_any_mapping_or_pairs(self, given: Any) -> None:
        """Any mapping, or an iterable of name and text pairs, gives the same sorted details."""
        assert _certificate(given).details == (
            ("aggregate", "3000000 USD"),
            ("per_claim", "1000000 USD"),
        )

    def test_taxonomy_is_kept_upper_case_and_trimmed(self) -> None:
        """A NUCC code given in lower case with spaces is stored canonically."""
        assert StaffMember(id="S-1", role="pa", taxonomy=" 363a00000x ").taxonomy == "363A00000X"


class TestAnswersRefuseJunk:
    member = StaffMember(id="S-1", role="rn", states={"TX"})

    @pytest.mark.parametrize("junk", [*JUNK, datetime(2026, 1, 1, tzinfo=UTC)])
    def test_the_day_must_be_a_date(self, junk: Any) -> None:
        """``on`` that is not a calendar day raises InvalidArgument."""
        with pytest.raises(InvalidArgument):
            status(self.member, junk)
        with pytest.raises(InvalidArgument):
            can_practise(self.member, "TX", junk)
        with pytest.raises(InvalidArgument):
            StatusIndex([self.member]).codes(junk)

    @pytest.mark.parametrize("junk", JUNK)
    def test_status_is_asked_of_a_staff_member(self, junk: Any) -> None:
        """Anything but a StaffMember raises InvalidArgument."""
        with pytest.raises(InvalidArgument):
            status(junk, date(2026, 1, 1))
