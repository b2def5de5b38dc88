"""The reader never raises on data: any bytes after a valid ISA give findings, not errors."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import Delimiters, X12Claim, read_837p, read_837p_all
from medoffice.kernel import Finding
from medoffice.testing import generate_837p

ISA = (
    b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    b"*260301*1200*^*00501*000000001*0*T*:~"
)
VALID = generate_837p(2, seed=11)
_ALPHABET = b"*:^~\n\r 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-\xff"
_X12ISH = st.lists(
    st.sampled_from(
        [
            b"ST*837*1*005010X222A1~", b"SE*5*1~", b"GS*HC*A*B*20260301*1200*1*X*005010X222A1~",
            b"HL*1**20*1~", b"HL*2*1*22*0~", b"HL*3*2*23*0~", b"CLM*A*10***11:B:1~",
            b"LX*1~", b"SV1*HC:99213:25*1.005*UN*x***13:0~", b"DTP*472*RD8*2026-2025~",
            b"HI*ABK:*BF~", b"NM1*82*1~", b"NM1*85~", b"SBR~", b"GE*9*9~", b"IEA*~", b"~",
            b"ISA*00~", b"*~", b"\r\n", b"DMG*D8*19991399~", b"PAT~", b"N4~", b"REF*F8~",
        ]
    ),
    max_size=40,
)  # fmt: skip


def _consume(data: bytes) -> list[X12Claim | Finding]:
    items = list(read_837p(data))
    assert all(isinstance(item, X12Claim | Finding) for item in items)
    return items


class TestNeverRaises:
    @given(st.binary(max_size=400))
    def test_random_bytes_after_an_isa_give_findings(self, tail: bytes) -> None:
        """Arbitrary bytes after a valid ISA header are read without an exception."""
        _consume(ISA + tail)

    @given(st.lists(st.sampled_from(list(_ALPHABET)), max_size=400).map(bytes))
    def test_delimiter_heavy_noise_gives_findings(self, tail: bytes) -> None:
        """Noise made of delimiters, digits and letters never crashes the reader."""
        _consume(ISA + tail)

    @given(_X12ISH)
    def test_shuffled_real_segments_give_findings(self, pieces: list[bytes]) -> None:
        """Plausible segments in any order and with bad values only produce findings."""
        _consume(ISA + b"".join(pieces))

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(min_value=0, max_value=len(VALID) - 1), st.binary(min_size=1, max_size=8))
    def test_a_valid_file_damaged_anywhere_gives_findings(self, at: int, junk: bytes) -> None:
        """Overwriting bytes of a valid file anywhere after the ISA never raises."""
        at = max(at, 106)
        _consume(VALID[:at] + junk + VALID[at + len(junk) :])


class TestRoundTrip:
    @given(
        claims=st.integers(min_value=1, max_value=12),
        seed=st.integers(min_value=0, max_value=10_000),
        per_set=st.integers(min_value=1, max_value=5),
        layout=st.sampled_from(
            [
                (Delimiters(), ""),
                (Delimiters(), "\r\n"),
                (Delimiters(element="|", component="^", repetition="{", segment="~"), "\n"),
                (Delimiters(element="\x1d", component="\x1f", repetition=None, segment="\x1e"), ""),
            ]
        ),
    )
    def test_generated_interchanges_read_back_cleanly(
        self, claims: int, seed: int, per_set: int, layout: tuple[Delimiters, str]
    ) -> None:
        """Every synthetic interchange reads back with all its claims and no finding."""
        delimiters, line_break = layout
        data = generate_837p(
            claims,
            seed=seed,
            delimiters=delimiters,
            line_break=line_break,
            claims_per_transaction=per_set,
        )
        reading = read_837p_all(data)
        assert reading.report.findings == ()
        assert len(reading.claims) == claims
        for claim in reading.claims:
            assert claim.total_charge is not None
            line_total = sum((line.charge.amount for line in claim.lines if line.charge), start=0)
            assert claim.total_charge.amount == line_total
