"""Synthetic professional claims for ``medoffice demo``, in the JSON form of ``medoffice.claims``.

About three claims in ten carry one planted mistake, each of a kind a pre-submission check
catches: a category code, an unknown code, a duplicate diagnosis, a pointer out of range, a
first-listed-only code in second place, units over the MUE, a bundled pair, an add-on code
without its primary. Names, member ids and NPIs are invented (NPIs with valid check digits).

More information: docs/demo.md, docs/claims.md.

>>> import random
>>> claim = synthetic_claim(random.Random(1), 0, ("dr-01",))
>>> claim["patient_control_number"], claim["billing"]["npi"]
('PCN-00000', '1234567893')
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any, Final

from medoffice.identifiers import npi

__all__ = ["BILLING_NPI", "synthetic_claim"]

BILLING_NPI: Final = "1234567893"
# Billable FY2026 ICD-10-CM codes for the clean claims; Z00.00 may only be listed first.
_DIAGNOSES: Final = ("E11.9", "I10", "J06.9", "E78.5", "K21.9", "F41.9", "N39.0", "R07.9", "J02.9")
# (procedure, usual charge): office visits, venipuncture, blood count, panel, ECG, vaccine.
_PROCEDURES: Final = (
    ("99213", "125.00"),
    ("99214", "185.00"),
    ("99212", "80.00"),
    ("36415", "12.00"),
    ("85025", "28.50"),
    ("80053", "44.75"),
    ("93000", "65.00"),
    ("90471", "25.00"),
)
# The kinds of planted mistake, each shown by a different rule of the checker or the edit tables.
_MISTAKES: Final = (
    "category-code",
    "unknown-code",
    "duplicate-diagnosis",
    "pointer-out-of-range",
    "first-listed-only",
    "mue-units",
    "ptp-pair",
    "add-on-alone",
)


def _npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return first_nine + npi.calc_check_digit(first_nine)


def _line(code: str, charge: str, on: date, pointers: list[int], units: int = 1) -> dict[str, Any]:
    return {
        "service_from": on.isoformat(),
        "procedure": code,
        "charge": {"amount": charge, "currency": "USD"},
        "place_of_service": "11",
        "modifiers": [],
        "pointers": pointers,
        "units": str(units),
    }


def synthetic_claim(rng: random.Random, index: int, providers: tuple[str, ...]) -> dict[str, Any]:
    on = date(2026, 3, rng.randrange(2, 28))
    diagnoses = rng.sample(_DIAGNOSES, rng.randrange(1, 4))
    visit, charge = rng.choice(_PROCEDURES[:3])
    lines = [_line(visit, charge, on, list(range(1, len(diagnoses) + 1)))]
    for code, extra in rng.sample(_PROCEDURES[3:], rng.randrange(0, 3)):
        lines.append(_line(code, extra, on, [1]))
    mistake = rng.choice(_MISTAKES) if rng.random() < 0.3 else None
    if mistake == "category-code":
        diagnoses[0] = "E11"
    elif mistake == "unknown-code":
        diagnoses.append("E11.99X")
    elif mistake == "duplicate-diagnosis":
        diagnoses.append(diagnoses[0])
    elif mistake == "pointer-out-of-range":
        lines[0]["pointers"] = [*lines[0]["pointers"], len(diagnoses) + 2][:4]
    elif mistake == "first-listed-only":
        diagnoses.append("Z00.00")
    elif mistake == "mue-units":
        lines.append(_line("36415", "36.00", on, [1], units=3))
    elif mistake == "ptp-pair":
        lines.append(_line("93005", "40.00", on, [1]))
        lines.append(_line("93000", "65.00", on, [1]))
    elif mistake == "add-on-alone":
        lines.append(_line("90472", "15.00", on, [1]))
    total = sum(Decimal(line["charge"]["amount"]) for line in lines)
    born = date(1940 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 28)).isoformat()
    return {
        "patient_control_number": f"PCN-{index:05d}",
        "billing": {
            "npi": BILLING_NPI,
            "tin": "12-3456789",
            "taxonomy": "207Q00000X",
            "name": "Synthetic Family Practice",
            "address": {
                "lines": ["100 Example St"],
                "city": "Albany",
                "state": "NY",
                "postal_code": "12207",
            },
        },
        "patient": {"sex": rng.choice("FM"), "name": f"Patient {index:05d}", "date_of_birth": born},
        "subscriber": {
            "relationship": "18",
            "member_id": f"DEMO{index:07d}",
            "name": f"Patient {index:05d}",
            "date_of_birth": born,
        },
        "payer": {"payer_id": "99999", "type": "commercial", "name": "Synthetic Health Plan"},
        "diagnoses": diagnoses,
        "lines": lines,
        "frequency": "1",
        "rendering": {"npi": _npi(rng), "name": rng.choice(providers)},
        "total_charge": {"amount": str(total), "currency": "USD"},
    }
