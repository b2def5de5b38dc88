"""Loop and segment placement: X12-SEGMENT findings, and reading that carries on."""

from __future__ import annotations

from medoffice.adapters.formats.x12 import read_837p_all


def _segment_findings(data: bytes) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for finding in read_837p_all(data).report.filter(rules=["X12-SEGMENT"]):
        found.setdefault(finding.path, set()).add(finding.value)
    return found


def _position(data: bytes, start: bytes) -> int:
    lines = data.split(b"\n")
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


class TestOrder:
    def test_segments_out_of_order_are_reported_where_they_stand(self, one_claim: bytes) -> None:
        """N3 after N4 in the billing provider loop is out of order, N3 is still read."""
        data = one_claim.replace(
            b"N3*100 EXAMPLE WAY~\nN4*SPRINGFIELD*IL*627010000~",
            b"N4*SPRINGFIELD*IL*627010000~\nN3*100 EXAMPLE WAY~",
        )
        found = _segment_findings(data)
        assert found == {f"segment[{_position(data, b'N3*100')}]": {"N3"}}

    def test_a_service_line_without_lx_is_misplaced_and_the_loop_missing(
        self, one_claim: bytes
    ) -> None:
        """SV1 with no LX before it does not fit in 2300, and the claim lacks loop 2400."""
        data = one_claim.replace(b"LX*1~\n", b"")
        found = _segment_findings(data)
        assert "SV1" in found[f"segment[{_position(data, b'SV1')}]"]
        assert "2400" in found[f"segment[{_position(data, b'CLM')}]"]


class TestUnknown:
    def test_an_unknown_segment_id_is_reported_and_skipped(self, one_claim: bytes) -> None:
        """A segment id the 837P does not have is X12-SEGMENT; the claim is still read."""
        data = one_claim.replace(b"PRV*BI", b"PQR*BI")
        found = _segment_findings(data)
        assert found == {f"segment[{_position(data, b'PQR')}]": {"PQR"}}
        assert len(read_837p_all(data).claims) == 1

    def test_a_mangled_id_is_not_echoed_back(self, one_claim: bytes) -> None:
        """An id that is not two or three letters and digits is shown as '?'."""
        data = one_claim.replace(b"PRV*BI", b"P-RV*BI")
        assert {"?"} in _segment_findings(data).values()

    def test_an_unexpected_qualifier_starts_no_loop(self, one_claim: bytes) -> None:
        """NM1*117 where the billing provider belongs: unexpected, and 2010AA is missing."""
        data = one_claim.replace(b"NM1*85*", b"NM1*117*")
        values = set().union(*_segment_findings(data).values())
        assert {"NM1", "2010AA"} <= values


class TestRequired:
    def test_a_missing_required_segment_is_reported_at_its_loop(self, one_claim: bytes) -> None:
        """A claim without HI lacks a required segment of loop 2300."""
        start = one_claim.index(b"HI*")
        data = one_claim[:start] + one_claim[one_claim.index(b"\n", start) + 1 :]
        found = _segment_findings(data)
        assert found == {f"segment[{_position(data, b'CLM')}]": {"HI"}}

    def test_a_missing_required_loop_is_reported_at_its_parent(self, one_claim: bytes) -> None:
        """A subscriber loop without its payer (2010BB) is reported on the 2000B HL."""
        start = one_claim.index(b"NM1*PR*")
        data = one_claim[:start] + one_claim[one_claim.index(b"\n", start) + 1 :]
        found = _segment_findings(data)
        assert found == {f"segment[{_position(data, b'HL*2')}]": {"2010BB"}}


class TestRepeats:
    def test_a_segment_repeated_beyond_its_limit_is_reported(self, one_claim: bytes) -> None:
        """A second tax id REF in 2010AA exceeds its limit of one."""
        data = one_claim.replace(b"REF*EI*990000001~", b"REF*EI*990000001~\nREF*EI*990000002~")
        found = _segment_findings(data)
        assert found == {f"segment[{_position(data, b'REF*EI*990000002')}]": {"REF*EI/SY"}}

    def test_a_loop_repeated_beyond_its_limit_is_reported(self, one_claim: bytes) -> None:
        """A second billing provider name loop (2010AA) in one 2000A is one too many."""
        block = b"NM1*85*2*SYNTHETIC FAMILY CLINIC"
        start = one_claim.index(block)
        end = one_claim.index(b"HL*2")
        data = one_claim[:end] + one_claim[start:end] + one_claim[end:]
        second = data.index(block, start + 1)
        position = data[:second].count(b"\n") + 1
        assert _segment_findings(data) == {f"segment[{position}]": {"2010AA"}}


class TestLoopsWithTheSameTrigger:
    def test_a_rendering_provider_after_a_line_belongs_to_the_line(self, one_claim: bytes) -> None:
        """NM1*82 after a service line is the line's rendering provider (2420A), not 2310B."""
        extra = b"NM1*82*1*LINEDOC*LINA****XX*1334445552~\n"
        at = one_claim.index(b"\nSE*") + 1
        data = one_claim[:at] + extra + one_claim[at:]
        reading = read_837p_all(data)
        line = reading.claims[0].lines[-1]
        assert line.rendering is not None
        assert line.rendering.npi == "1334445552"
        assert not reading.report.filter(rules=["X12-SEGMENT"])
