"""Ambulance origin and destination modifiers: two letters, where the trip began and ended.

Ambulance services carry a modifier made of two one-letter place codes: the first letter is the
origin, the second the destination (``RH``: residence to hospital). They are not listed one by
one in the HCPCS file's modifier records; the CMS Medicare Claims Processing Manual defines
the letters, and any pair of them is a valid modifier. ``X`` (an intermediate stop at a
physician's office on the way to the hospital) is a destination only.

Letters (CMS Pub. 100-04, chapter 15, section 30.A, in effect 2026): D diagnostic or
therapeutic site other than P or H, E residential or domiciliary facility, G hospital-based ESRD
facility, H hospital, I site of transfer between modes of ambulance transport, J freestanding
ESRD facility, N skilled nursing facility, P physician's office, R residence, S scene of
accident or acute event, X intermediate stop at a physician's office (destination only).

More information: CMS, Medicare Claims Processing Manual, chapter 15 (Ambulance), section 30
(https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/clm104c15.pdf)

>>> is_ambulance_modifier("RH"), is_ambulance_modifier("HX"), is_ambulance_modifier("XH")
(True, True, False)
"""

from __future__ import annotations

from typing import Final

__all__ = ["AMBULANCE_DESTINATIONS", "AMBULANCE_ORIGINS", "is_ambulance_modifier"]

AMBULANCE_ORIGINS: Final = frozenset("DEGHIJNPRS")
"""The place letters that may start a trip (every letter but X)."""
AMBULANCE_DESTINATIONS: Final = AMBULANCE_ORIGINS | {"X"}
"""The place letters that may end one (X: an intermediate stop on the way to the hospital)."""


def is_ambulance_modifier(code: object) -> bool:
    """Whether ``code`` is an origin/destination pair such as ``RH`` (upper case, two letters)."""
    return (
        isinstance(code, str)
        and len(code) == 2
        and code[0] in AMBULANCE_ORIGINS
        and code[1] in AMBULANCE_DESTINATIONS
    )
