"""The 835 reader: remittances streamed from any delimiters, with findings instead of crashes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.formats.x12._remit_reader import read_835, read_835_all
from medoffice.adapters.formats.x12._remit_writer import remittances_to_835
from medoffice.adapters.formats.x12._tokens import Delimiters, NotX12
from medoffice.kernel import Finding, Money
from medoffice.revenue._model import (
    Adjustment,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from medoffice.testing import (
    generate_835,
    generate_837p,
    synthetic_billed_claims,
    synthetic_remittance,
)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def rules(data: bytes) -> list[str]:
    return [str(f.rule) for f in read_835_all(data).report]


def detailed() -> Remittance:
    line = ServicePayment(
        procedure="99214",
        modifiers=("25",),
        charge=usd("185.00"),
        paid=usd("100.00"),
        units=1,  # type: ignore[arg-type]
        service_date=date(2026, 2, 2),
        line_control="1",
        allowed=usd("148.00"),
        adjustments=(
            Adjustment(group="CO", reason="45", amount=usd("37.00")),
            Adjustment(group="PR", reason="2", amount=usd("48.00")),
        ),
        remarks=("N130",),
    )
    claim = ClaimPayment(
        control_number="A-1",
        status="19",
        charge=usd("185.00"),
        paid=usd("100.00"),
        patient_responsibility=usd("48.00"),
        payer_claim_number="PCN1",
        services=(line,),
        remarks=("MA01",),
        crossover_payer="MEDIGAP1",
        filing_indicator="MB",
    )
    return Remittance(
        trace="EFT123",
        originator="1999999999",
        payment=usd("75.00"),
        paid_on=date(2026, 3, 1),
        payer_id="PAYER-A",
        payer_name="SYNTHETIC PAYER",
        payee_id="1234567893",
        claims=(claim,),
        provider_adjustments=(
            ProviderAdjustment(
                provider="1234567893",
                fiscal_period_end=date(2026, 12, 31),
                reason="WO",
                reference="PCN0",
                amount=usd("25.00"),
            ),
        ),
    )


class TestRoundTrip:
    def test_what_is_written_reads_back_the_same(self) -> None:
        """A remittance written as an 835 reads back as the same values, without findings."""
        original = detailed()
        reading = read_835_all(remittances_to_835([original]))
        assert reading.report.ok, reading.report.to_dict()
        (read,) = reading.remittances
        assert read.claims[0].services[0].adjustments == original.claims[0].services[0].adjustments
        assert read.claims[0].crossover_payer == "MEDIGAP1"
        assert read.claims[0].remarks == ("MA01",)
        line = read.claims[0].services[0]
        assert (line.procedure, line.modifiers, line.line_control) == ("99214", ("25",), "1")
        assert (line.service_date, line.allowed, line.remarks) == (
            date(2026, 2, 2),
            usd("148.00"),
            ("N130",),
        )
        assert read.provider_adjustments == original.provider_adjustments
        assert (read.trace, read.originator, read.payer_id, read.paid_on) == (
            "EFT123",
            "1999999999",
            "PAYER-A",
            date(2026, 3, 1),
        )

    def test_any_delimiters_read_the_same(self) -> None:
        """Other element, component and segment delimiters give the same remittance."""
        plain = read_835_all(generate_835(5, seed=3)).remittances
        odd = Delimiters(element="|", component=">", repetition="^", segment="\n")
        other = read_835_all(generate_835(5, seed=3, delimiters=odd)).remittances
        assert plain == other
        assert len(plain[0].claims) == 5

    def test_several_transactions_and_interchanges(self) -> None:
        """Every transaction of every interchange is read, in order."""
        data = generate_835(6, seed=1, per_remittance=2) + b"\n" + generate_835(3, seed=2)
        reading = read_835_all(data)
        assert [len(r.claims) for r in reading.remittances] == [2, 2, 2, 3]
        assert reading.report.ok

    def test_streaming_in_tiny_chunks_gives_the_same(self) -> None:
        """Reading 64 bytes at a time yields the same items as reading at once."""
        data = generate_835(20, seed=4)
        assert list(read_835(io.BytesIO(data), chunk_size=64)) == list(read_835(data))

    def test_a_path_is_read_and_closed(self, tmp_path: Path) -> None:
        """A path is opened, read and closed."""
        path = tmp_path / "era.835"
        path.write_bytes(generate_835(2, seed=1))
        assert len(read_835_all(path).remittances) == 1


class TestRefusals:
    def test_an_837_is_refused_with_one_finding(self) -> None:
        """A claim file is not a remittance: one ERA-SET finding and nothing read."""
        reading = read_835_all(generate_837p(3, seed=1))
        assert reading.remittances == ()
        assert [str(f.rule) for f in reading.report] == ["ERA-SET"]

    def test_another_version_is_refused_with_one_finding(self) -> None:
        """An 835 of version 4010 is refused with one finding, however many sets it holds."""
        data = generate_835(4, seed=1, per_remittance=2).replace(b"005010X221A1", b"004010X091A1")
        assert rules(data) == ["ERA-SET"]

    def test_not_x12_raises(self) -> None:
        """Bytes that are not X12 at all raise NotX12."""
        with pytest.raises(NotX12):
            read_835_all(b"hello")


class TestStructure:
    def test_a_missing_se_is_reported(self) -> None:
        """A transaction without its SE is still read, with an X12-ENVELOPE finding."""
        data = generate_835(2, seed=1)
        start = data.index(b"SE*")
        cut = data[:start] + data[data.index(b"~", start) + 1 :]
        reading = read_835_all(cut)
        assert len(reading.remittances) == 1
        assert "X12-ENVELOPE" in {str(f.rule) for f in reading.report}

    def test_a_wrong_segment_count_is_reported(self) -> None:
        """SE01 that does not count the segments is an X12-ENVELOPE finding."""
        data = generate_835(1, seed=1)
        start = data.index(b"SE*") + 3
        end = data.index(b"*", start)
        bad = data[:start] + b"999" + data[end:]
        assert "X12-ENVELOPE" in rules(bad)

    def test_an_unknown_or_misplaced_segment_is_reported(self) -> None:
        """A segment the 835 does not have, or a CAS before any claim, is X12-SEGMENT."""
        data = generate_835(1, seed=1)
        at = data.index(b"LX*")
        bad = data[:at] + b"ZZZ*1~CAS*CO*45*1~SVC*HC:99213*1*1~LQ*HE*N1~" + data[at:]
        found = [f for f in read_835_all(bad).report if str(f.rule) == "X12-SEGMENT"]
        assert len(found) == 4

    def test_a_bad_amount_is_an_element_finding(self) -> None:
        """A malformed amount is an X12-ELEMENT finding at that element, and reading goes on."""
        data = generate_835(1, seed=1)
        at = data.index(b"CLP*")
        fields = data[at : data.index(b"~", at)].split(b"*")
        fields[4] = b"12.3.4"
        bad = data[:at] + b"*".join(fields) + data[data.index(b"~", at) :]
        reading = read_835_all(bad)
        assert any(
            str(f.rule) == "X12-ELEMENT" and f.path.endswith(".CLP04") for f in reading.report
        )
        assert len(reading.remittances) == 1

    def test_findings_and_remittances_come_in_file_order(self) -> None:
        """Each remittance is followed by its balancing findings."""
        era = synthetic_remittance(list(synthetic_billed_claims(2, seed=1)), seed=1)
        bad = Remittance(trace="X", payment=usd("1.00"), claims=era.claims)
        items = list(read_835(remittances_to_835([era, bad])))
        kinds = [type(item).__name__ for item in items]
        assert kinds == ["Remittance", "Remittance", "Finding"]
        assert isinstance(items[2], Finding)
        assert str(items[2].rule) == "ERA-BAL-PAYMENT"
