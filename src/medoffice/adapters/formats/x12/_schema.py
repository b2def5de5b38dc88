"""The loop structure of the 837P transaction set (005010X222A1), as data.

A loop is an ordered list of segments (each with its repeat limit and whether it is required)
followed by its child loops. A loop starts with its first segment, its *trigger*; a qualifier
(``NM101`` = ``85`` for the billing provider, ``HL03`` = ``22`` for a subscriber) tells loops
with the same trigger segment apart. The table is the subset of the TR3 a professional claim
reader needs: every loop of the 837P, with the segments a claim scrubber reads and the ones that
commonly appear around them.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3, section 2.4
(https://x12.org/products/technical-reports); CMS 837P companion guide.

>>> TRANSACTION.children[0].name, TRANSACTION.children[2].name
('1000A', '2000A')
>>> [loop.name for loop in find("2300").children][:3]
['2310A', '2310B', '2310C']
"""

from __future__ import annotations

from typing import Final, final

import attrs

__all__ = ["KNOWN_SEGMENTS", "MANY", "TRANSACTION", "LoopSpec", "SegmentSpec", "find"]

MANY: Final = 1_000_000  # the TR3's ">1": no limit


@final
@attrs.frozen(kw_only=True)
class SegmentSpec:
    """A segment position in a loop: the id, an optional qualifier, repeats, required."""

    id: str
    qualifier_at: int = 0
    qualifiers: frozenset[str] = frozenset()
    max_use: int = 1
    required: bool = False

    def matches(self, elements: tuple[str, ...]) -> bool:
        """Whether a segment's elements fit this position (id checked by the caller)."""
        if not self.qualifiers:
            return True
        at = self.qualifier_at
        return at < len(elements) and elements[at] in self.qualifiers

    @property
    def label(self) -> str:
        """``NM1*85`` or ``N3``: how the TR3 names the position."""
        if not self.qualifiers:
            return self.id
        return f"{self.id}*{'/'.join(sorted(self.qualifiers))}"


@final
@attrs.frozen(kw_only=True)
class LoopSpec:
    """A loop: its name, segments (the first is the trigger), child loops and repeat limit."""

    name: str
    segments: tuple[SegmentSpec, ...]
    children: tuple[LoopSpec, ...] = ()
    max_repeat: int = 1
    required: bool = False
    by_id: dict[str, tuple[tuple[int, SegmentSpec], ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    children_by_trigger: dict[str, tuple[tuple[int, LoopSpec], ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    required_segments: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    required_children: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, list[tuple[int, SegmentSpec]]] = {}
        for position, spec in enumerate(self.segments):
            if position:  # the trigger only ever starts a new iteration
                index.setdefault(spec.id, []).append((position, spec))
        object.__setattr__(self, "by_id", {k: tuple(v) for k, v in index.items()})
        triggers: dict[str, list[tuple[int, LoopSpec]]] = {}
        for position, child in enumerate(self.children):
            triggers.setdefault(child.trigger.id, []).append((position, child))
        object.__setattr__(self, "children_by_trigger", {k: tuple(v) for k, v in triggers.items()})
        required = tuple(i for i, spec in enumerate(self.segments) if spec.required)
        object.__setattr__(self, "required_segments", required)
        needed = tuple(i for i, child in enumerate(self.children) if child.required)
        object.__setattr__(self, "required_children", needed)

    @property
    def trigger(self) -> SegmentSpec:
        """The segment that starts an iteration of this loop."""
        return self.segments[0]


def _seg(
    segment_id: str,
    qualifiers: str = "",
    *,
    at: int = 1,
    max_use: int = 1,
    required: bool = False,
) -> SegmentSpec:
    return SegmentSpec(
        id=segment_id,
        qualifier_at=at,
        qualifiers=frozenset(qualifiers.split()),
        max_use=max_use,
        required=required,
    )


def _req(segment_id: str, qualifiers: str = "", *, max_use: int = 1) -> SegmentSpec:
    return _seg(segment_id, qualifiers, max_use=max_use, required=True)


def _loop(
    name: str,
    *segments: SegmentSpec,
    children: tuple[LoopSpec, ...] = (),
    max_repeat: int = 1,
    required: bool = False,
) -> LoopSpec:
    return LoopSpec(
        name=name,
        segments=segments,
        children=children,
        max_repeat=max_repeat,
        required=required,
    )


def _name(
    name: str,
    qualifiers: str,
    *rest: SegmentSpec,
    max_repeat: int = 1,
    required: bool = False,
) -> LoopSpec:
    """A loop started by an NM1 with one of ``qualifiers`` in NM101."""
    return _loop(name, _req("NM1", qualifiers), *rest, max_repeat=max_repeat, required=required)


def _address(name: str, qualifiers: str, *rest: SegmentSpec, required: bool = True) -> LoopSpec:
    return _name(
        name, qualifiers, _seg("N3", required=required), _seg("N4", required=required), *rest
    )


def _claim() -> LoopSpec:
    refs = _seg("REF", max_use=20)
    return _loop(
        "2300",
        _req("CLM"),
        _seg("DTP", max_use=20),
        _seg("PWK", max_use=10),
        _seg("CN1"),
        _seg("AMT"),
        _seg("REF", max_use=14),
        _seg("K3", max_use=10),
        _seg("NTE"),
        _seg("CR1"),
        _seg("CR2"),
        _seg("CRC", max_use=8),
        _req("HI", max_use=4),
        _seg("HCP"),
        children=(
            _name("2310A", "DN P3", _seg("REF", max_use=3), max_repeat=2),
            _name("2310B", "82", _seg("PRV"), _seg("REF", max_use=4)),
            _address("2310C", "77", _seg("REF", max_use=3), _seg("PER")),
            _name("2310D", "DQ", _seg("REF", max_use=3)),
            _address("2310E", "PW"),
            _address("2310F", "45"),
            _loop(
                "2320",
                _req("SBR"),
                _seg("CAS", max_use=5),
                _seg("AMT", max_use=3),
                _req("OI"),
                _seg("MOA"),
                children=(
                    _address("2330A", "IL", _seg("REF"), required=False),
                    _address("2330B", "PR", _seg("DTP"), _seg("REF", max_use=6), required=False),
                    _name("2330C", "DN P3", _req("REF", max_use=3), max_repeat=2),
                    _name("2330D", "82", _req("REF", max_use=3)),
                    _name("2330E", "77", _req("REF", max_use=3)),
                    _name("2330F", "DQ", _req("REF", max_use=3)),
                    _name("2330G", "85", _req("REF", max_use=2)),
                ),
                max_repeat=10,
            ),
            _loop(
                "2400",
                _req("LX"),
                _req("SV1"),
                _seg("SV5"),
                _seg("PWK", max_use=10),
                _seg("CR1"),
                _seg("CR3"),
                _seg("CRC", max_use=3),
                _seg("DTP", max_use=12),
                _seg("QTY", max_use=2),
                _seg("MEA", max_use=5),
                _seg("CN1"),
                _seg("REF", max_use=17),
                _seg("AMT", max_use=2),
                _seg("K3", max_use=10),
                _seg("NTE", max_use=2),
                _seg("PS1"),
                _seg("HCP"),
                children=(
                    _loop("2410", _req("LIN"), _req("CTP"), _seg("REF")),
                    _name("2420A", "82", _seg("PRV"), refs),
                    _name("2420B", "QB", refs),
                    _address("2420C", "77", _seg("REF", max_use=3)),
                    _name("2420D", "DQ", refs),
                    _address("2420E", "DK", refs, _seg("PER"), required=False),
                    _name("2420F", "DN P3", refs, max_repeat=2),
                    _address("2420G", "PW"),
                    _address("2420H", "45"),
                    _loop(
                        "2430",
                        _req("SVD"),
                        _seg("CAS", max_use=5),
                        _req("DTP"),
                        _seg("AMT"),
                        max_repeat=15,
                    ),
                    _loop("2440", _req("LQ"), _req("FRM", max_use=99), max_repeat=MANY),
                ),
                max_repeat=50,
                required=True,
            ),
        ),
        max_repeat=100,
    )


def _hl(level: str) -> SegmentSpec:
    return _seg("HL", level, at=3, required=True)


_CLAIM: Final = _claim()

_DRAFT: Final = _loop(
    "ST",
    _req("ST"),
    _req("BHT"),
    children=(
        _name("1000A", "41", _req("PER", max_use=2), required=True),
        _name("1000B", "40", required=True),
        _loop(
            "2000A",
            _hl("20"),
            _seg("PRV"),
            _seg("CUR"),
            children=(
                _address(
                    "2010AA",
                    "85",
                    _req("REF", "EI SY"),
                    _seg("REF", "0B 1G", max_use=2),
                    _seg("PER", max_use=2),
                    required=True,
                ),
                _address("2010AB", "87"),
                _address(
                    "2010AC",
                    "PE",
                    _seg("REF", "2U FY NF", max_use=2),
                    _seg("REF", "G2"),
                    required=False,
                ),
                _loop(
                    "2000B",
                    _hl("22"),
                    _req("SBR"),
                    _seg("PAT"),
                    children=(
                        _address(
                            "2010BA",
                            "IL",
                            _seg("DMG"),
                            _seg("REF", max_use=2),
                            _seg("PER"),
                            required=False,
                        ),
                        _address("2010BB", "PR", _seg("REF", max_use=7), required=False),
                        _CLAIM,
                        _loop(
                            "2000C",
                            _hl("23"),
                            _req("PAT"),
                            children=(
                                _address(
                                    "2010CA", "QC", _req("DMG"), _seg("REF", max_use=2), _seg("PER")
                                ),
                                _CLAIM,
                            ),
                            max_repeat=MANY,
                        ),
                    ),
                    max_repeat=MANY,
                    required=True,
                ),
            ),
            max_repeat=MANY,
            required=True,
        ),
    ),
)

# Loops that must be present once their parent is.
_REQUIRED_CHILDREN: Final = frozenset({"2010AA", "2010BA", "2010BB", "2010CA", "2330A", "2330B"})


def _mark_required(loop: LoopSpec) -> LoopSpec:
    children = tuple(_mark_required(child) for child in loop.children)
    required = loop.required or loop.name in _REQUIRED_CHILDREN
    return attrs.evolve(loop, children=children, required=required)


TRANSACTION: Final = _mark_required(_DRAFT)


def _known(loop: LoopSpec) -> frozenset[str]:
    return frozenset(s.id for s in loop.segments).union(*(_known(c) for c in loop.children))


KNOWN_SEGMENTS: Final = _known(TRANSACTION) | {"SE", "ISA", "IEA", "GS", "GE"}


def find(name: str, loop: LoopSpec = TRANSACTION) -> LoopSpec:
    """The loop called ``name`` (depth-first, first found)."""
    if loop.name == name:
        return loop
    for child in loop.children:
        try:
            return find(name, child)
        except KeyError:
            continue
    raise KeyError(name)
