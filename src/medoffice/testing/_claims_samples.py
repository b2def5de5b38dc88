"""A typical, clean Medicare office-visit claim for tests, examples and benchmarks.

``sample_claim()`` has four diagnoses and three lines on 2026-03-02; the people in it are
synthetic. Keyword arguments replace any field, so a test states only what it changes.

>>> claim = sample_claim()
>>> claim.diagnoses, [line.procedure for line in claim.lines]
(('E11.65', 'I10', 'E78.5', 'Z79.4'), ['99214', '83036', 'G2211'])
>>> sample_claim(frequency="7").frequency
'7'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from medoffice.claims._model import (
    Address,
    Claim,
    Patient,
    Payer,
    PayerType,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.kernel import Money

__all__ = ["sample_claim"]


def sample_claim(**overrides: Any) -> Claim:
    """A clean Medicare claim: 4 diagnoses, 3 lines on 2026-03-02; people are synthetic."""
    usd = "USD"
    fields: dict[str, Any] = {
        "patient_control_number": "PCN-0001",
        "billing": Provider(
            npi="1234567893",
            tin="12-3456789",
            taxonomy="207Q00000X",
            name="Example Family Practice",
            address=Address(
                lines=("100 Main St",), city="Springfield", state="IL", postal_code="62701"
            ),
        ),
        "rendering": Provider(npi="1245319599", name="Dr. Example"),
        "patient": Patient(name="Jane Q. Sample", date_of_birth=date(1958, 7, 14), sex="F"),
        "subscriber": Subscriber(
            relationship="18",
            member_id="1EG4TE5MK73",
            name="Jane Q. Sample",
            date_of_birth=date(1958, 7, 14),
        ),
        "payer": Payer(payer_id="00952", type=PayerType.MEDICARE, name="Medicare Part B"),
        "diagnoses": ("E11.65", "I10", "E78.5", "Z79.4"),
        "lines": (
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure="99214",
                pointers=(1, 2, 3, 4),
                charge=Money.of("185.00", usd),
            ),
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure="83036",
                pointers=(1,),
                charge=Money.of("42.00", usd),
            ),
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure="G2211",
                pointers=(1, 2),
                charge=Money.of("16.00", usd),
            ),
        ),
        "total_charge": Money.of("243.00", usd),
    }
    fields.update(overrides)
    return Claim(**fields)
