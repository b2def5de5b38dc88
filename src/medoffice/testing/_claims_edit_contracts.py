"""Contract suites for the claims' edit-table and claim-history ports.

Subclass a suite, supply the factory, and where your data differs from the defaults, the facts
the suite probes with (a day the tables cover, a pair with indicator 0, one with 1, ...)::

    from medoffice.testing._claims_edit_contracts import EditTablesContract


    class TestMyTables(EditTablesContract):
        def make_tables(self) -> EditTables:
            return MyTables.load()

The defaults match :meth:`medoffice.adapters.memory.InMemoryEditTables.sample`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

import attrs

from medoffice.claims import Claim
from medoffice.claims._history import identity_digest, provider_key
from medoffice.claims.ports import AddOnRule, ClaimHistory, EditTables, UnitLimit
from medoffice.testing._claims_samples import sample_claim

__all__ = ["ClaimHistoryContract", "EditTablesContract"]

_JUNK = ("", "€", "9921", "Z" * 40, "-25")


class EditTablesContract:
    """What every :class:`~medoffice.claims.ports.EditTables` must do."""

    day: date = date(2026, 8, 3)
    pair_0: tuple[str, str] = ("99214", "36415")
    pair_1: tuple[str, str] = ("29881", "29877")
    pair_9: tuple[str, str] | None = ("20610", "20604")
    limits: ClassVar[dict[str, UnitLimit]] = {"76140": UnitLimit(max_units=0, mai=2)}
    add_on: tuple[str, AddOnRule] = ("99292", AddOnRule(type=1, primaries={"99291"}))
    hcpcs_modifier: str | None = "GT"

    def make_tables(self) -> EditTables:
        """Build the tables under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The adapter is recognised as ``EditTables`` at run time."""
        assert isinstance(self.make_tables(), EditTables)

    def test_a_pair_answers_its_indicator(self) -> None:
        """The ordered pairs answer 0 and 1 as listed."""
        tables = self.make_tables()
        assert tables.ptp_indicator(*self.pair_0, self.day) == 0
        assert tables.ptp_indicator(*self.pair_1, self.day) == 1

    def test_the_pairs_among_codes_agree_with_each_pair(self) -> None:
        """ptp_pairs answers what ptp_indicator answers, for every ordered pair, nothing more."""
        tables = self.make_tables()
        pairs = [self.pair_0, self.pair_1, *([self.pair_9] if self.pair_9 else [])]
        codes = [code for pair in pairs for code in pair] + ["99999", "A0000"]
        expected = {
            (first, second): indicator
            for first in codes
            for second in codes
            if first != second
            and (indicator := tables.ptp_indicator(first, second, self.day)) is not None
        }
        assert dict(tables.ptp_pairs(codes, self.day)) == expected
        assert expected[self.pair_0] == 0
        column2 = self.pair_0[1]
        touching = {pair: v for pair, v in expected.items() if column2 in pair}
        assert dict(tables.ptp_pairs(codes, self.day, touching=[column2])) == touching
        assert dict(tables.ptp_pairs(codes, self.day, touching=[])) == {}

    def test_the_reversed_pair_is_no_edit(self) -> None:
        """PTP pairs are ordered: column 2 before column 1 is not the same edit."""
        first, second = self.pair_0
        assert self.make_tables().ptp_indicator(second, first, self.day) is None

    def test_an_indicator_9_pair_is_never_in_force(self) -> None:
        """Indicator 9 rows (deleted retroactively) answer ``None``."""
        if self.pair_9 is not None:
            assert self.make_tables().ptp_indicator(*self.pair_9, self.day) is None

    def test_the_mue_of_a_listed_code(self) -> None:
        """Each listed code answers its limit and adjudication indicator."""
        tables = self.make_tables()
        for code, limit in self.limits.items():
            assert tables.mue(code, self.day) == limit

    def test_an_add_on_code_names_its_primaries(self) -> None:
        """The add-on edit gives its type and listed primaries; a primary is no add-on."""
        code, rule = self.add_on
        tables = self.make_tables()
        assert tables.add_on(code, self.day) == rule
        for primary in rule.primaries:
            assert tables.add_on(primary, self.day) is None

    def test_code_edits_agree_with_mue_and_add_on(self) -> None:
        """``code_edits`` (where the tables have it) answers mue and add_on, code by code."""
        tables = self.make_tables()
        code_edits = getattr(tables, "code_edits", None)
        if code_edits is None:
            return
        code, rule = self.add_on
        codes = [*self.limits, code, *rule.primaries, "99999", *_JUNK, code]
        for day in (self.day, self.day + timedelta(days=1), date(1990, 1, 1)):
            expected = [(tables.mue(c, day), tables.add_on(c, day)) for c in codes]
            assert list(code_edits(codes, day)) == expected
            assert list(code_edits(codes, day)) == expected  # remembered answers too

    def test_cpt_modifiers_are_always_known(self) -> None:
        """25, 59 and 76 are CPT modifiers on any date."""
        tables = self.make_tables()
        assert all(tables.modifier_known(m, self.day) is True for m in ("25", "59", "76"))

    def test_a_hcpcs_modifier_is_known_and_a_made_up_one_is_not(self) -> None:
        """A loaded HCPCS modifier is known; ``Q~`` never is (or cannot be judged)."""
        tables = self.make_tables()
        if self.hcpcs_modifier is not None:
            assert tables.modifier_known(self.hcpcs_modifier, self.day) is True
            assert tables.modifier_known("ZZ", self.day) is False

    def test_places_of_service_follow_their_effective_dates(self) -> None:
        """Office (11) is valid; 10 only from 2022; 00 never."""
        tables = self.make_tables()
        assert tables.place_of_service_valid("11", self.day)
        assert tables.place_of_service_valid("10", date(2022, 1, 1))
        assert not tables.place_of_service_valid("10", date(2021, 12, 31))
        assert not tables.place_of_service_valid("00", self.day)

    def test_junk_never_raises(self) -> None:
        """Junk codes get 'no edit' answers, never an exception."""
        tables = self.make_tables()
        for junk in _JUNK:
            assert tables.ptp_indicator(junk, junk, self.day) is None
            assert not tables.ptp_pairs([junk, *self.pair_0], self.day).get((junk, junk))
            assert tables.mue(junk, self.day) is None
            assert tables.add_on(junk, self.day) is None
            assert tables.modifier_known(junk, self.day) is not True
            assert tables.place_of_service_valid(junk, self.day) is False


class ClaimHistoryContract:
    """What every :class:`~medoffice.claims.ports.ClaimHistory` must do."""

    def make_history(self) -> ClaimHistory:
        """Build an empty history."""
        raise NotImplementedError

    def make_claim(self) -> Claim:
        """A claim whose lines are all on one day."""
        return sample_claim()

    def _day(self, claim: Claim) -> date:
        return claim.lines[0].service_from

    def test_satisfies_the_protocol(self) -> None:
        """The adapter is recognised as a ``ClaimHistory`` at run time."""
        assert isinstance(self.make_history(), ClaimHistory)

    def test_an_empty_history_has_no_lines(self) -> None:
        """Nothing recorded, nothing found."""
        claim, history = self.make_claim(), self.make_history()
        found = history.lines_on(
            patient=history.patient_key(claim), provider=provider_key(claim), day=self._day(claim)
        )
        assert list(found) == []

    def test_a_recorded_claim_gives_back_its_lines(self) -> None:
        """The lines of a recorded claim come back for its patient, provider and day."""
        history, claim = self.make_history(), self.make_claim()
        history.record(claim)
        found = history.lines_on(
            patient=history.patient_key(claim), provider=provider_key(claim), day=self._day(claim)
        )
        assert sorted(ln.procedure for ln in found) == sorted(ln.procedure for ln in claim.lines)

    def test_another_day_provider_or_patient_sees_nothing(self) -> None:
        """Lines are kept apart by patient, provider and day."""
        history, claim = self.make_history(), self.make_claim()
        history.record(claim)
        patient, provider, day = history.patient_key(claim), provider_key(claim), self._day(claim)
        assert not list(history.lines_on(patient=patient, provider=provider, day=date(1999, 1, 1)))
        assert not list(history.lines_on(patient=patient, provider="1999999984", day=day))
        assert not list(history.lines_on(patient="someone-else", provider=provider, day=day))

    def test_patient_keys_are_stable_opaque_and_the_stores_own(self) -> None:
        """A history gives one patient one key, shows no detail of them, and another history
        (its own secret) a different key: keys cannot be linked across stores."""
        first, second, claim = self.make_history(), self.make_history(), self.make_claim()
        key = first.patient_key(claim)
        assert key == first.patient_key(claim)
        assert key != second.patient_key(claim)
        assert key != identity_digest(claim)
        assert claim.subscriber.member_id not in key

    def test_two_claims_on_one_day_add_up(self) -> None:
        """Two claims with different control numbers on one day are both remembered."""
        history, claim = self.make_history(), self.make_claim()
        history.record(claim)
        history.record(attrs.evolve(claim, patient_control_number="PCN-OTHER"))
        found = history.lines_on(
            patient=history.patient_key(claim), provider=provider_key(claim), day=self._day(claim)
        )
        assert len(list(found)) == 2 * len(claim.lines)

    def _moved(self, claim: Claim, day: date, *, frequency: str) -> Claim:
        lines = tuple(attrs.evolve(ln, service_from=day, service_to=day) for ln in claim.lines)
        return attrs.evolve(claim, lines=lines, frequency=frequency)

    def test_a_replacement_takes_the_place_of_every_day_of_the_claim(self) -> None:
        """A frequency-7 claim removes the lines the original had on every day, then adds its own;
        another claim of the same patient on the same day stays."""
        history, claim = self.make_history(), self.make_claim()
        patient, provider, day = history.patient_key(claim), provider_key(claim), self._day(claim)
        later = day + timedelta(days=1)
        history.record(claim)
        history.record(self._moved(claim, later, frequency="1"))  # the same claim, a second day
        other = attrs.evolve(claim, patient_control_number="PCN-OTHER")
        history.record(other)
        moved = day + timedelta(days=7)
        history.record(self._moved(claim, moved, frequency="7"))
        assert len(list(history.lines_on(patient=patient, provider=provider, day=day))) == len(
            other.lines
        )
        assert not list(history.lines_on(patient=patient, provider=provider, day=later))
        found = history.lines_on(patient=patient, provider=provider, day=moved)
        assert len(list(found)) == len(claim.lines)

    def test_a_void_removes_the_claim_and_only_it(self) -> None:
        """A frequency-8 claim removes the original's lines and records nothing of its own."""
        history, claim = self.make_history(), self.make_claim()
        patient, provider, day = history.patient_key(claim), provider_key(claim), self._day(claim)
        history.record(claim)
        other = attrs.evolve(claim, patient_control_number="PCN-OTHER")
        history.record(other)
        history.record(attrs.evolve(claim, frequency="8"))
        history.record(attrs.evolve(claim, frequency="8"))  # voiding twice changes nothing more
        found = history.lines_on(patient=patient, provider=provider, day=day)
        assert len(list(found)) == len(other.lines)
        history.record(attrs.evolve(other, frequency="8"))
        assert not list(history.lines_on(patient=patient, provider=provider, day=day))
