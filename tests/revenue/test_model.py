"""The readers' constructors of checked values give the very values the public ones do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from medoffice.kernel import Money
from medoffice.revenue._model import (
    Adjustment,
    ClaimPayment,
    GroupCode,
    ServicePayment,
    checked_adjustment,
    checked_claim_payment,
    checked_service_payment,
)

_USD = "USD"


def _line_fields() -> dict[str, object]:
    return {
        "procedure": "99213",
        "charge": Money.of("125.00", _USD),
        "paid": Money.of("80.00", _USD),
        "modifiers": ("25", "59"),
        "units": Decimal(2),
        "service_date": date(2026, 3, 2),
        "line_control": "L1",
        "allowed": Money.of("100.00", _USD),
        "adjustments": (Adjustment(group="CO", reason="45", amount=Money.of("25.00", _USD)),),
        "remarks": ("N130",),
        "segment": 17,
    }


def test_checked_service_payment_sets_every_field_as_the_constructor_does() -> None:
    fields = _line_fields()
    assert [f.name for f in attrs.fields(ServicePayment)] == list(fields)
    made = checked_service_payment(*fields.values())
    assert made == ServicePayment(**fields)  # type: ignore[arg-type]
    assert attrs.asdict(made, recurse=False) == fields
    assert hash(made) == hash(ServicePayment(**fields))  # type: ignore[arg-type]


def test_checked_claim_payment_sets_every_field_as_the_constructor_does() -> None:
    line = ServicePayment(**_line_fields())  # type: ignore[arg-type]
    fields: dict[str, object] = {
        "control_number": "PCN-1",
        "status": "1",
        "charge": Money.of("125.00", _USD),
        "paid": Money.of("80.00", _USD),
        "patient_responsibility": Money.of("20.00", _USD),
        "payer_claim_number": "PAYER-9",
        "filing_indicator": "MC",
        "adjustments": (Adjustment(group="PR", reason="2", amount=Money.of("20.00", _USD)),),
        "services": (line,),
        "remarks": ("MA01",),
        "crossover_payer": "XOVER",
        "service_date": date(2026, 3, 1),
        "segment": 12,
    }
    assert [f.name for f in attrs.fields(ClaimPayment)] == list(fields)
    made = checked_claim_payment(*fields.values())
    assert made == ClaimPayment(**fields)  # type: ignore[arg-type]
    assert attrs.asdict(made, recurse=False) == fields
    assert made.adjusted == Money.of("45.00", _USD)


def test_checked_adjustment_sets_every_field_as_the_constructor_does() -> None:
    """The reader's adjustment equals the public constructor's, code and cents included."""
    amount = Money.of("-12.07", _USD)
    made = checked_adjustment(GroupCode.PATIENT, "2", amount, Decimal(3), "PR-2", -1207)
    public = Adjustment(group="PR", reason="2", amount=amount, quantity=Decimal(3))
    assert made == public
    assert attrs.asdict(made, recurse=False) == attrs.asdict(public, recurse=False)
    assert (made.code, made.cents, hash(made)) == (public.code, public.cents, hash(public))
