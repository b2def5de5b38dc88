"""Z codes that may only be the first-listed diagnosis.

ICD-10-CM Official Guidelines for Coding and Reporting FY2026, section I.C.21.c.16: these Z codes
and categories "may only be reported as the principal/first-listed diagnosis, except when there
are multiple encounters on the same day and the medical records for the encounters are
combined". The list below is that section's, for FY2026 (effective 2025-10-01); it is cited
data, reviewed each October with the new guidelines.

More information: https://www.cms.gov/medicare/coding-billing/icd-10-codes (FY2026 guidelines).

>>> is_first_listed_only("Z0000"), is_first_listed_only("Z006"), is_first_listed_only("Z7901")
(True, False, False)
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "FIRST_LISTED_ONLY",
    "FIRST_LISTED_ONLY_EXCEPT",
    "GUIDELINE_YEAR",
    "is_first_listed_only",
]

GUIDELINE_YEAR: Final = "FY2026"

# Codes and categories without the dot; a category covers every code below it.
FIRST_LISTED_ONLY: Final = (
    "Z00",  # general examination without complaint (except Z00.6)
    "Z01",  # other special examination without complaint
    "Z02",  # administrative examination
    "Z04",  # examination and observation for other reasons
    "Z332",  # elective termination of pregnancy
    "Z3181",  # male factor infertility in female patient
    "Z3183",  # assisted reproductive fertility procedure cycle
    "Z3184",  # fertility preservation procedure
    "Z34",  # supervision of normal pregnancy
    "Z39",  # maternal and postpartum care and examination
    "Z38",  # liveborn infants according to place of birth and type of delivery
    "Z40",  # prophylactic surgery
    "Z42",  # plastic and reconstructive surgery following medical procedure or healed injury
    "Z510",  # antineoplastic radiation therapy
    "Z511",  # antineoplastic chemotherapy and immunotherapy
    "Z52",  # donors of organs and tissues (except Z52.9)
    "Z761",  # health supervision and care of foundling
    "Z762",  # health supervision and care of other healthy infant and child
    "Z9912",  # respirator (ventilator) dependence during power failure
)

FIRST_LISTED_ONLY_EXCEPT: Final = (
    "Z006",  # examination for normal comparison and control in clinical research program
    "Z529",  # donor of unspecified organ or tissue
)


def is_first_listed_only(code: str) -> bool:
    """Whether ``code`` (upper case, no dot) may only be first-listed."""
    return code.startswith(FIRST_LISTED_ONLY) and not code.startswith(FIRST_LISTED_ONLY_EXCEPT)
