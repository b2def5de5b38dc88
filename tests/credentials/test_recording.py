"""What may be recorded today: credentials issued and screenings done on or before that day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._model import Credential
from medoffice.credentials._monitoring import Screening
from medoffice.credentials._recording import check_new_credential, check_screening

DAY = date(2026, 6, 10)


class TestCheckNewCredential:
    @given(offset=st.integers(-400, 400))
    def test_only_a_credential_issued_after_the_day_is_refused(self, offset: int) -> None:
        """Issued on or before the day: no finding; after it: CRED-ISSUED-FUTURE at issued_on."""
        issued = DAY + timedelta(days=offset)
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=issued)
        report = check_new_credential(card, on=DAY)
        expected = [("CRED-ISSUED-FUTURE", "issued_on")] if offset > 0 else []
        assert [(f.rule, f.path) for f in report] == expected


class TestCheckScreening:
    @given(offset=st.integers(-400, 400))
    def test_only_a_screening_dated_after_the_day_is_refused(self, offset: int) -> None:
        """Dated on or before the day: no finding; after it: CRED-SCREENED-FUTURE at on."""
        screening = Screening(
            person_id="S-1", source="LEIE", on=DAY + timedelta(days=offset), result="clear"
        )
        report = check_screening(screening, on=DAY)
        expected = [("CRED-SCREENED-FUTURE", "on")] if offset > 0 else []
        assert [(f.rule, f.path) for f in report] == expected
