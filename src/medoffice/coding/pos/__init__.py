"""Place-of-service codes (CMS POS code set) with names and effective dates.

More information: CMS, "Place of Service Code Set"
(https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets)

>>> place_of_service("10").effective
datetime.date(2022, 1, 1)
"""

from __future__ import annotations

from medoffice.coding.pos._codes import (
    PLACES_OF_SERVICE,
    PlaceOfService,
    is_valid_place_of_service,
    place_of_service,
)

__all__ = ["PLACES_OF_SERVICE", "PlaceOfService", "is_valid_place_of_service", "place_of_service"]
