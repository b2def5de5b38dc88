"""Credentials adapters: in-memory ports (contract suites), roster files, iCalendar and FHIR."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.calendars import HolidaysCalendar
from medoffice.adapters.formats.fhir import (
    fhir_practitioner,
    fhir_practitioner_data,
    fhir_verification_results,
)
from medoffice.adapters.formats.icalendar import to_icalendar
from medoffice.adapters.formats.roster import (
    load_roster,
    roster_from_mapping,
)
from medoffice.adapters.memory import (
    CompactCredentialRepository,
    InMemoryCredentialRepository,
    InMemoryScreeningLog,
)
from medoffice.credentials import (
    Credential,
    DueItem,
    StaffMember,
    VerificationEvent,
    WeekdayCalendar,
)
from medoffice.credentials.ports import BusinessCalendar, CredentialRepository, ScreeningLog
from medoffice.kernel import InvalidValue
from medoffice.testing._credentials_contracts import (
    BusinessCalendarContract,
    CredentialRepositoryContract,
    ScreeningLogContract,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "credentials" / "roster.json"


class TestInMemoryCredentialRepository(CredentialRepositoryContract):
    def make_repository(self) -> CredentialRepository:
        return InMemoryCredentialRepository()


class TestCompactCredentialRepository(CredentialRepositoryContract):
    def make_repository(self) -> CredentialRepository:
        return CompactCredentialRepository()

    def test_every_field_survives_the_columns(self) -> None:
        """Numbers, payers, stated dates, evidence, empty and absent text and checks read back."""
        repo = CompactCredentialRepository()
        credentials = [
            Credential(
                kind="medicare_enrollment",
                issuer="CMS",
                jurisdiction="US",
                issued_on=date(2021, 5, 1),
                expires_on=date(2026, 10, 31),
                number="Ünïcode-1",
                payer="MEDICARE",
                evidence="",
                verifications=[
                    VerificationEvent(source="PECOS", on=date(2021, 5, 2), outcome="verified")
                ],
            ),
            Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10)),
        ]
        member = StaffMember(
            id="S-1",
            role="np",
            name="Synthetic",
            birth_date=date(1980, 1, 2),
            states={"TX"},
            payers={"MEDICARE"},
            credentials=credentials,
        )
        repo.save(member, expected_version=0)
        assert repo.get("S-1") == member

    def test_replaced_rows_are_dropped_once_they_dominate(self) -> None:
        """Saving the same member many times keeps the columns near the live size."""
        repo = CompactCredentialRepository()
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
        repo.save(StaffMember(id="S-2", role="ma", credentials=[card]), expected_version=0)
        member = StaffMember(id="S-1", role="ma", credentials=[card, card])
        for version in range(50):
            repo.save(member, expected_version=version)
        assert repo.stored_rows <= 2 * 3
        assert repo.get("S-1") == member
        assert repo.get("S-2") == StaffMember(id="S-2", role="ma", credentials=[card])


class TestInMemoryScreeningLog(ScreeningLogContract):
    def make_log(self) -> ScreeningLog:
        return InMemoryScreeningLog()


class TestWeekdayCalendar(BusinessCalendarContract):
    def make_calendar(self) -> BusinessCalendar:
        return WeekdayCalendar([date(2026, 12, 25)])


class TestHolidaysCalendar(BusinessCalendarContract):
    def make_calendar(self) -> BusinessCalendar:
        pytest.importorskip("holidays")
        return HolidaysCalendar("US")


class TestRosterFiles:
    def test_the_example_roster_loads(self) -> None:
        """The shipped example roster parses into staff, locations and holidays."""
        roster = load_roster(EXAMPLE)
        assert len(roster.staff) >= 3
        assert roster.locations

    def test_errors_name_the_path_and_never_the_value(self) -> None:
        """A bad date is reported at its path without echoing the person's data."""
        data = {
            "staff": [{"id": "S-1", "role": "rn", "birth_date": "born 1971-08-23", "name": "Dana"}]
        }
        with pytest.raises(InvalidValue) as caught:
            roster_from_mapping(data)
        assert "staff[0].birth_date" in str(caught.value)
        assert "1971" not in str(caught.value)
        assert "Dana" not in str(caught.value)

    def test_unknown_role_is_a_clear_error(self) -> None:
        """A role the model does not know is reported at the staff member's path."""
        with pytest.raises(InvalidValue) as caught:
            roster_from_mapping({"staff": [{"id": "S-1", "role": "wizard"}]})
        assert str(caught.value).startswith("staff[0]")

    def test_duplicate_ids_are_refused(self) -> None:
        """Two staff with one id would hide one of them."""
        with pytest.raises(InvalidValue):
            roster_from_mapping(
                {"staff": [{"id": "S-1", "role": "rn"}, {"id": "S-1", "role": "ma"}]}
            )

    def test_invalid_json_is_a_clear_error(self, tmp_path: Path) -> None:
        """Broken JSON raises InvalidValue naming the line."""
        path = tmp_path / "roster.json"
        path.write_text("{\n  nope", encoding="utf-8")
        with pytest.raises(InvalidValue):
            load_roster(path)


ITEMS = [
    DueItem(holder_id="S-2", requirement="dea_registration/TX", due_on=date(2026, 2, 28)),
    DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30)),
]


class TestICalendar:
    text = to_icalendar(ITEMS, stamp=date(2026, 1, 5))

    def test_lines_end_with_crlf_and_fit_in_75_octets(self) -> None:
        """Every line ends in CRLF and is at most 75 octets long."""
        assert self.text.endswith("\r\n")
        lines = self.text.split("\r\n")[:-1]
        assert all(len(line.encode()) <= 75 for line in lines)
        assert "\n" not in self.text.replace("\r\n", "")

    def test_events_are_all_day_and_sorted_by_due_date(self) -> None:
        """DTSTART is a DATE value, soonest first, with an exclusive DTEND the day after."""
        starts = [x for x in self.text.split("\r\n") if x.startswith("DTSTART")]
        ends = [x for x in self.text.split("\r\n") if x.startswith("DTEND")]
        assert starts == ["DTSTART;VALUE=DATE:20260228", "DTSTART;VALUE=DATE:20280630"]
        assert ends == ["DTEND;VALUE=DATE:20260301", "DTEND;VALUE=DATE:20280701"]

    def test_uids_are_stable_and_distinct(self) -> None:
        """The same item gets the same UID in any export; two items never share one."""
        again = to_icalendar(list(reversed(ITEMS)), stamp=date(2026, 1, 5))
        assert again == self.text
        uids = [x for x in self.text.split("\r\n") if x.startswith("UID:")]
        assert len(set(uids)) == 2

    def test_text_is_escaped_and_long_lines_fold_without_splitting_characters(self) -> None:
        """Commas and semicolons are escaped; a long multibyte name folds on character edges."""
        text = to_icalendar(ITEMS, stamp=date(2026, 1, 5), name="Échéances; équipe, " * 8)
        unfolded = text.replace("\r\n ", "")
        assert "X-WR-CALNAME:Échéances\\; équipe\\, " in unfolded
        for line in text.split("\r\n")[:-1]:
            assert len(line.encode("utf-8")) <= 75
            line.encode("utf-8").decode("utf-8")


DOCTOR = StaffMember(
    id="P-1",
    role="physician",
    name="Dana Sample",
    birth_date=date(1971, 8, 23),
    states={"CA"},
    credentials=[
        Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            number="A12345",
        ),
        Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10)),
    ],
)


class TestFhirExport:
    def test_qualifications_carry_period_and_issuer_but_no_name(self) -> None:
        """Each credential becomes a qualification; the rules fill the period end."""
        data = fhir_practitioner_data(DOCTOR)
        assert [q["period"] for q in data["qualification"]] == [
            {"start": "2026-06-10", "end": "2028-06-30"},
            {"start": "2024-03-10", "end": "2026-03-31"},
        ]
        assert "Dana" not in json.dumps(data)
        assert "1971" not in json.dumps(data)

    def test_verification_results_schedule_the_next_check_from_the_rules(self) -> None:
        """``nextScheduled`` is the rule's valid-through date of the verified credential."""
        licence = Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            verifications=[
                VerificationEvent(source="MBC", on=date(2024, 3, 12), outcome="verified")
            ],
        )
        member = StaffMember(id="P-2", role="physician", states={"CA"}, credentials=[licence])
        (result,) = fhir_verification_results(member, validated=False)
        assert result["nextScheduled"] == "2026-03-31"
        assert result["lastPerformed"] == "2024-03-12"
        assert result["status"] == "validated"

    def test_validated_resources_with_the_fhir_extra(self) -> None:
        """With fhir.resources installed the resources validate."""
        pytest.importorskip("fhir.resources")
        practitioner = fhir_practitioner(DOCTOR)
        assert practitioner.id == "P-1"
        assert len(practitioner.qualification) == 2
        licence = Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            verifications=[
                VerificationEvent(source="MBC", on=date(2024, 3, 12), outcome="verified")
            ],
        )
        member = StaffMember(id="P-2", role="physician", states={"CA"}, credentials=[licence])
        (result,) = fhir_verification_results(member)
        assert str(result.nextScheduled) == "2026-03-31"
