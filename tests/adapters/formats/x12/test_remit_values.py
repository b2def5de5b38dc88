"""Reading CAS and SVC: identical adjustments share their values, findings are never lost."""

from __future__ import annotations

from decimal import Decimal

from medoffice.adapters.formats.x12._remit_values import (
    _ADJUSTMENTS,
    _AMOUNTS,
    _CACHE_SIZE,
    _CENTS,
    LineDraft,
    read_adjustments,
)
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Money


def test_identical_adjustment_segments_share_the_values_read() -> None:
    found: list[Finding] = []
    first = read_adjustments(
        Segment(4, 0, ("CAS", "CO", "45", "25.10", "", "253", "1.5")), found.append
    )
    again = read_adjustments(
        Segment(9, 0, ("CAS", "CO", "45", "25.10", "", "253", "1.5")), found.append
    )
    assert found == []
    assert all(a is b for a, b in zip(again, first, strict=True))
    assert [(a.code, a.amount, a.quantity) for a in first] == [
        ("CO-45", Money.of("25.10", "USD"), None),
        ("CO-253", Money.of("1.5", "USD"), None),
    ]


def test_a_segment_with_a_finding_reports_it_every_time_at_its_own_position() -> None:
    found: list[Finding] = []
    elements = ("CAS", "PR", "2", "10.00", "x", "1", "1.234")
    first = read_adjustments(Segment(5, 0, elements), found.append)
    again = read_adjustments(Segment(8, 0, elements), found.append)
    assert [f.path for f in found] == [
        "segment[5].CAS04",
        "segment[5].CAS06",
        "segment[8].CAS04",
        "segment[8].CAS06",
    ]
    assert [a.code for a in first] == [a.code for a in again] == ["PR-2"]


def test_an_unknown_group_reads_nothing_and_says_so() -> None:
    found: list[Finding] = []
    assert read_adjustments(Segment(3, 0, ("CAS", "ZZ", "45", "1")), found.append) == ()
    assert read_adjustments(Segment(3, 0, ("CAS",)), found.append) == ()
    assert [f.message for f in found] == [
        "CAS01 is not a claim adjustment group code",
        "required element CAS01 is missing",
    ]


def test_identical_service_lines_read_alike_and_findings_repeat() -> None:
    found: list[Finding] = []
    elements = ("SVC", "HC:99213:25::59", "125.00", "80.00", "", "2")
    first = LineDraft(Segment(6, 0, elements), ":", found.append)
    again = LineDraft(Segment(11, 0, elements), ":", found.append)
    assert found == []
    assert (again.procedure, again.modifiers, again.units, again.segment) == (
        "99213",
        ("25", "59"),
        Decimal(2),
        11,
    )
    assert (first.charge, first.paid, first.segment) == (
        Money.of("125.00", "USD"),
        Money.of("80.00", "USD"),
        6,
    )
    other_separator = LineDraft(Segment(12, 0, elements), ">", found.append)
    assert (other_separator.procedure, other_separator.modifiers) == ("", ())
    bad = ("SVC", "HC:99213", "12.3.4", "80.00")
    LineDraft(Segment(20, 0, bad), ":", found.append)
    line = LineDraft(Segment(30, 0, bad), ":", found.append)
    assert [f.path for f in found] == ["segment[20].SVC02", "segment[30].SVC02"]
    assert line.charge == Money.of(0, "USD")


def test_the_segment_caches_stay_bounded() -> None:
    found: list[Finding] = []
    for cents in range(_CACHE_SIZE + 2):
        amount = f"{cents // 100}.{cents % 100:02d}"
        read_adjustments(Segment(cents, 0, ("CAS", "OA", "23", amount)), found.append)
        LineDraft(Segment(cents, 0, ("SVC", "HC:99213", amount, "0")), ":", found.append)
    assert found == []
    assert 0 < len(_ADJUSTMENTS) <= _CACHE_SIZE
    assert 0 < len(_AMOUNTS) <= _CACHE_SIZE
    assert len(_CENTS) == len(_AMOUNTS)


def test_an_unreadable_amount_leaves_its_quantity_unread() -> None:
    """The amount is read before the quantity; an adjustment without its amount says only that."""
    found: list[Finding] = []
    elements = ("CAS", "CO", "45", "x", "y", "253", "1.00", "z")
    read = read_adjustments(Segment(7, 0, elements), found.append)
    assert [(a.code, a.quantity) for a in read] == [("CO-253", None)]
    assert [f.path for f in found] == ["segment[7].CAS03", "segment[7].CAS07"]
