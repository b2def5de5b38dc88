"""The CMS place-of-service (POS) code set, written into the code with its effective dates.

Box 24B of the CMS-1500 and ``CLM05-1`` / ``SV105`` of the 837P carry a two-digit POS code
saying where a service was furnished; it decides, among other things, whether Medicare pays the
facility or non-facility rate. CMS maintains the set on a web page and publishes no file, so
the table below is typed in from that page in the state of its latest change known to us (POS 66
added by CMS Transmittal 12779, effective 2024-08-01); the list of codes was checked against the
POS list of pyx12 (2026-05) and the names against the Tuva Project's POS table. Effective dates are
given where CMS states them; codes without one belong to the set since HIPAA adopted it
(2003). Unassigned numbers (28-30, 35-40, 43-48, 59, 63-64, 67-70, 73-80, 82-98) are refused.

More information: CMS, "Place of Service Code Set"
(https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets)

>>> from datetime import date
>>> place_of_service("11").name
'Office'
>>> is_valid_place_of_service("27", on=date(2023, 9, 30))
False
>>> is_valid_place_of_service("27", on=date(2023, 10, 1))
True
>>> place_of_service("29")
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidComponent: the place of service number is unassigned
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType
from typing import Final, final

import attrs

from medoffice.kernel import InvalidComponent, InvalidFormat

__all__ = ["PLACES_OF_SERVICE", "PlaceOfService", "is_valid_place_of_service", "place_of_service"]

_TWO_DIGITS: Final = re.compile(r"\d{2}")


@final
@attrs.frozen(kw_only=True)
class PlaceOfService:
    """One POS code; ``effective`` is ``None`` when it predates the dated changes."""

    code: str
    name: str
    effective: date | None = None
    renamed: date | None = None

    def valid_on(self, on: date) -> bool:
        """Whether the code may be reported for a service on ``on``."""
        return self.effective is None or self.effective <= on


def _pos(
    code: str, name: str, effective: date | None = None, renamed: date | None = None
) -> PlaceOfService:
    return PlaceOfService(code=code, name=name, effective=effective, renamed=renamed)


# Source: CMS "Place of Service Code Set" page, as of the 2024-08-01 change (see the docstring).
_TABLE: Final = (
    _pos("01", "Pharmacy", date(2005, 10, 1)),
    _pos(
        "02", "Telehealth Provided Other than in Patient's Home", date(2017, 1, 1), date(2022, 1, 1)
    ),
    _pos("03", "School"),
    _pos("04", "Homeless Shelter"),
    _pos("05", "Indian Health Service Free-standing Facility"),
    _pos("06", "Indian Health Service Provider-based Facility"),
    _pos("07", "Tribal 638 Free-standing Facility"),
    _pos("08", "Tribal 638 Provider-based Facility"),
    _pos("09", "Prison/Correctional Facility", date(2006, 7, 1)),
    _pos("10", "Telehealth Provided in Patient's Home", date(2022, 1, 1)),
    _pos("11", "Office"),
    _pos("12", "Home"),
    _pos("13", "Assisted Living Facility"),
    _pos("14", "Group Home"),
    _pos("15", "Mobile Unit"),
    _pos("16", "Temporary Lodging"),
    _pos("17", "Walk-in Retail Health Clinic"),
    _pos("18", "Place of Employment-Worksite"),
    _pos("19", "Off Campus-Outpatient Hospital", date(2016, 1, 1)),
    _pos("20", "Urgent Care Facility"),
    _pos("21", "Inpatient Hospital"),
    _pos("22", "On Campus-Outpatient Hospital", None, date(2016, 1, 1)),
    _pos("23", "Emergency Room - Hospital"),
    _pos("24", "Ambulatory Surgical Center"),
    _pos("25", "Birthing Center"),
    _pos("26", "Military Treatment Facility"),
    _pos("27", "Outreach Site/Street", date(2023, 10, 1)),
    _pos("31", "Skilled Nursing Facility"),
    _pos("32", "Nursing Facility"),
    _pos("33", "Custodial Care Facility"),
    _pos("34", "Hospice"),
    _pos("41", "Ambulance - Land"),
    _pos("42", "Ambulance - Air or Water"),
    _pos("49", "Independent Clinic", date(2003, 10, 1)),
    _pos("50", "Federally Qualified Health Center"),
    _pos("51", "Inpatient Psychiatric Facility"),
    _pos("52", "Psychiatric Facility-Partial Hospitalization"),
    _pos("53", "Community Mental Health Center"),
    _pos("54", "Intermediate Care Facility/Individuals with Intellectual Disabilities"),
    _pos("55", "Residential Substance Abuse Treatment Facility"),
    _pos("56", "Psychiatric Residential Treatment Center"),
    _pos("57", "Non-residential Substance Abuse Treatment Facility"),
    _pos("58", "Non-residential Opioid Treatment Facility", date(2020, 1, 1)),
    _pos("60", "Mass Immunization Center"),
    _pos("61", "Comprehensive Inpatient Rehabilitation Facility"),
    _pos("62", "Comprehensive Outpatient Rehabilitation Facility"),
    _pos("65", "End-Stage Renal Disease Treatment Facility"),
    _pos("66", "Programs of All-Inclusive Care for the Elderly (PACE) Center", date(2024, 8, 1)),
    _pos("71", "Public Health Clinic"),
    _pos("72", "Rural Health Clinic"),
    _pos("81", "Independent Laboratory"),
    _pos("99", "Other Place of Service"),
)

PLACES_OF_SERVICE: Final = MappingProxyType({p.code: p for p in _TABLE})
"""Every assigned POS code, by code."""


def place_of_service(code: object) -> PlaceOfService:
    """The POS entry for ``code``; :class:`InvalidFormat` or :class:`InvalidComponent` if none."""
    if not isinstance(code, str) or not _TWO_DIGITS.fullmatch(code.strip()):
        raise InvalidFormat("a place of service is two digits")
    found = PLACES_OF_SERVICE.get(code.strip())
    if found is None:
        raise InvalidComponent("the place of service number is unassigned")
    return found


def is_valid_place_of_service(code: object, *, on: date) -> bool:
    """Whether ``code`` is an assigned POS code in force on ``on``; never raises."""
    if not isinstance(code, str):
        return False
    found = PLACES_OF_SERVICE.get(code.strip())
    return found is not None and found.valid_on(on)
