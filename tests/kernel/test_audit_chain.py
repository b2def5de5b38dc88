"""The audit hash chain: links, exported links and the chain check."""

from __future__ import annotations

import pytest

from medoffice.kernel import (
    GENESIS,
    AuditEvent,
    ChainLink,
    InvalidValue,
    chain_link,
    check_audit_chain,
)
from medoffice.testing._audit_contracts import sample_event


def _rows(count: int) -> list[tuple[int, AuditEvent, str]]:
    rows: list[tuple[int, AuditEvent, str]] = []
    previous = GENESIS
    for seq in range(1, count + 1):
        event = sample_event(f"a-{seq}", minutes=seq)
        previous = chain_link(previous, seq, event)
        rows.append((seq, event, previous))
    return rows


class TestChainLink:
    """A link depends on the previous digest, the number and every field of the event."""

    def test_each_input_changes_the_digest(self) -> None:
        """Another previous digest, number or event gives another digest."""
        event = sample_event("a-1")
        base = chain_link(GENESIS, 1, event)
        assert chain_link("1" * 64, 1, event) != base
        assert chain_link(GENESIS, 2, event) != base
        assert chain_link(GENESIS, 1, sample_event("a-2")) != base
        assert chain_link(GENESIS, 1, event) == base

    @pytest.mark.parametrize(("previous", "seq"), [("xyz", 1), (GENESIS, 0), (GENESIS, True)])
    def test_bad_arguments_are_refused(self, previous: str, seq: int) -> None:
        """A digest that is not 64 hex digits, or a number below 1, is refused."""
        with pytest.raises(InvalidValue):
            chain_link(previous, seq, sample_event("a-1"))

    @pytest.mark.parametrize(
        "data", [{"seq": 1}, {"seq": 0, "digest": GENESIS}, {"seq": 1, "digest": "AB" * 32}, []]
    )
    def test_a_malformed_exported_link_is_refused(self, data: object) -> None:
        """An exported link needs a number from 1 and a lower-case hex digest."""
        with pytest.raises(InvalidValue):
            ChainLink.from_dict(data)  # type: ignore[arg-type]


class TestCheckAuditChain:
    """The check names the first break of each kind."""

    def test_an_empty_log_is_fine_without_an_anchor(self) -> None:
        """No events, no anchor: nothing to report."""
        assert check_audit_chain([]).ok

    def test_an_anchor_beyond_an_empty_log_is_missing(self) -> None:
        """An exported link for an event the log no longer has is reported."""
        report = check_audit_chain([], anchor=[ChainLink(seq=1, digest=GENESIS)])
        assert [str(f.rule) for f in report] == ["AUDIT-ANCHOR-MISSING"]

    def test_a_gap_in_the_middle_is_reported_once(self) -> None:
        """Event 2 missing: one gap finding, one broken finding (event 3's link moved)."""
        rows = _rows(4)
        del rows[1]
        report = check_audit_chain(rows)
        assert sorted(str(f.rule) for f in report) == ["AUDIT-CHAIN-BROKEN", "AUDIT-CHAIN-GAP"]

    def test_a_clean_chain_passes_its_own_anchor(self) -> None:
        """Every link of a clean chain matches its export."""
        rows = _rows(3)
        anchor = [ChainLink(seq=seq, digest=digest) for seq, _, digest in rows]
        assert check_audit_chain(rows, anchor=anchor).ok
