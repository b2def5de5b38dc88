"""Synthetic 837P (005010X222A1) interchanges for tests and benchmarks.

:func:`synthetic_claims` makes seeded, made-up professional claims (the same seed gives the same
claims): each has one to four service lines of common office procedures, one to three billable
ICD-10-CM diagnoses, valid NPIs, and a subscriber who is the patient. :func:`generate_837p`
writes them with :func:`medoffice.adapters.formats.x12.write_837p` under
:data:`SYNTHETIC_SUBMISSION` and returns the bytes; to stream a file of any size in flat memory,
pass :func:`synthetic_claims` to ``write_837p`` yourself.

Every person in them is made up from a short list of placeholder names; no real PHI is used.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.

>>> data = generate_837p(1, seed=3)
>>> data[:3], data.count(b"CLM*"), data.endswith(b"IEA*1*000000001~")
(b'ISA', 1, True)
>>> len(generate_837p(50, seed=1)) == len(generate_837p(50, seed=1))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Final

from medoffice.adapters.formats.x12 import Delimiters, X12Submission, claims_to_837p
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
from medoffice.identifiers import npi
from medoffice.kernel import InvalidArgument, Money

__all__ = ["SYNTHETIC_SUBMISSION", "generate_837p", "synthetic_claims"]

#: The made-up submitter and clearinghouse the synthetic interchanges are sent between.
SYNTHETIC_SUBMISSION: Final = X12Submission(
    sender_id="SUBMITTER01",
    receiver_id="RECEIVER01",
    submitter_name="SYNTHETIC BILLING SERVICE",
    receiver_name="SYNTHETIC CLEARINGHOUSE",
    contact_name="CLAIMS DESK",
    contact_phone="5555550100",
    created=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
)

_LAST: Final = ("SAMPLE", "EXAMPLE", "TESTER", "DEMO", "FICTIVE", "MOCKINGTON", "PLACEHOLDER")
_FIRST: Final = ("ALEX", "SAM", "JORDAN", "TAYLOR", "CASEY", "RILEY", "MORGAN", "QUINN")
_STREETS: Final = ("MAIN ST", "OAK AVE", "ELM ST", "LAKE RD", "HILL DR")
# Billable ICD-10-CM codes of FY2026 (no decimal point, as X12 sends them).
_DIAGNOSES: Final = ("E119", "I10", "J069", "E785", "K219", "F419", "N390", "R079", "Z23", "J029")
# (procedure, usual charge): office visits, venipuncture, blood count, panel, ECG, vaccine.
_PROCEDURES: Final = (
    ("99213", Decimal("125.00")),
    ("99214", Decimal("185.00")),
    ("99212", Decimal("80.00")),
    ("36415", Decimal("12.00")),
    ("85025", Decimal("28.50")),
    ("80053", Decimal("44.75")),
    ("93000", Decimal("65.00")),
    ("90471", Decimal("25.00")),
)
_MODIFIERS: Final = ("", "", "", "25", "59", "XU")
_FIRST_DAY: Final = date(2026, 3, 2)
_TAXONOMY: Final = "207Q00000X"


def _npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return first_nine + npi.calc_check_digit(first_nine)


def _claim(rng: random.Random, number: int, billing: Provider, rendering: Provider) -> Claim:
    # The draws keep the order of the first generator, so that a seed keeps making the same
    # claims (tests edit particular segments of particular seeds).
    last, first = rng.choice(_LAST), rng.choice(_FIRST)
    name = f"{first} {last}"
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
    rng.randrange(1000, 9999)  # a group number, which the claim model does not carry
    member_id = f"SYN{rng.randrange(10**8, 10**9)}"
    street = f"{rng.randrange(1, 9999)} {rng.choice(_STREETS)}"
    address = Address(
        lines=(street,), city="SPRINGFIELD", state="IL", postal_code=f"627{rng.randrange(10, 99)}"
    )
    sex = rng.choice("FM")
    day = _FIRST_DAY + timedelta(days=rng.randrange(60))
    drawn = []
    for _ in range(rng.randint(1, 4)):
        code, charge = rng.choice(_PROCEDURES)
        drawn.append((code, rng.choice(_MODIFIERS), charge, rng.randint(1, 2)))
    diagnoses = rng.sample(_DIAGNOSES, rng.randint(1, 3))
    pointers = tuple(range(1, len(diagnoses) + 1))
    lines = [
        ServiceLine(
            service_from=day,
            procedure=code,
            modifiers=(modifier,) if modifier else (),
            charge=Money(charge * units, "USD"),
            units=units,
            pointers=pointers,
        )
        for code, modifier, charge, units in drawn
    ]
    return Claim(
        patient_control_number=f"PCN{number:08d}",
        billing=billing,
        patient=Patient(sex=sex, name=name, date_of_birth=born, address=address),
        subscriber=Subscriber(member_id=member_id, name=name, date_of_birth=born, address=address),
        payer=Payer(payer_id="SYNPAYER1", type=PayerType.COMMERCIAL, name="SYNTHETIC HEALTH PLAN"),
        diagnoses=diagnoses,
        lines=lines,
        rendering=rendering,
    )


def synthetic_claims(count: int, *, seed: int = 0) -> Iterator[Claim]:
    """``count`` made-up claims of one billing provider, made one at a time as they are read."""
    if count < 1:
        raise InvalidArgument("an 837P holds at least one claim")
    return _claims(count, random.Random(seed))  # noqa: S311 - synthetic data, not security


def _claims(count: int, rng: random.Random) -> Iterator[Claim]:
    billing = Provider(
        npi=_npi(rng),
        tin="990000001",
        taxonomy=_TAXONOMY,
        name="SYNTHETIC FAMILY CLINIC",
        address=Address(
            lines=("100 EXAMPLE WAY",), city="SPRINGFIELD", state="IL", postal_code="627010000"
        ),
    )
    rendering = Provider(npi=_npi(rng), taxonomy=_TAXONOMY, name="DEMO DANA")
    for number in range(1, count + 1):
        yield _claim(rng, number, billing, rendering)


def generate_837p(
    claims: int,
    *,
    seed: int = 0,
    delimiters: Delimiters | None = None,
    line_break: str = "",
    claims_per_transaction: int = 5000,
) -> bytes:
    """The bytes of an interchange of ``claims`` synthetic claims."""
    return claims_to_837p(
        synthetic_claims(claims, seed=seed),
        submission=SYNTHETIC_SUBMISSION,
        delimiters=delimiters,
        line_break=line_break,
        claims_per_transaction=claims_per_transaction,
    )
