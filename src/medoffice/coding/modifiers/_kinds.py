"""Procedure code modifiers: the CPT values, and the groups claim edits care about.

A modifier is two characters appended to a procedure code that change what the line means: the
side of the body, a repeat, a distinct session, a component of a service. CPT modifiers are two
digits and belong to the AMA; HCPCS Level II modifiers are letters or a letter and a digit and
come from the CMS quarterly HCPCS file (see :class:`HcpcsModifier`). medoffice lists the CPT
modifier values with its own short labels, never the AMA descriptors.

The groups, each a frozenset that names its source:

- ``NCCI_ASSOCIATED``: the modifiers that may bypass a PTP edit with indicator 1 (CMS, NCCI
  Policy Manual for Medicare Services, chapter I, section E, and the PTP file notes; 2026);
- ``ANATOMIC``: the anatomic NCCI-associated modifiers (eyelids, fingers, toes, sides, coronary
  arteries; same source);
- ``REPEAT`` (76, 77, 91) and ``BILATERAL`` (50): lines that count separately or double for
  MUE (CMS, MUE Q&A, 2026);
- ``PRICING``: modifiers that change the Medicare physician fee schedule amount (CMS, Medicare
  Claims Processing Manual, Pub. 100-04, chapter 12, and the MPFS relative value file's
  payment policy indicators, 2026); every other modifier is informational.

More information: CMS, "NCCI Policy Manual for Medicare Services"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-policy-manual)

>>> sorted(k.value for k in modifier_kinds("RT"))
['anatomic', 'informational', 'ncci-associated']
>>> sorted(k.value for k in modifier_kinds("50"))
['bilateral', 'pricing']
>>> CPT_MODIFIERS["25"].label
'separate E/M, same day'
"""

from __future__ import annotations

import enum
from datetime import date
from types import MappingProxyType
from typing import Final, final

import attrs

from medoffice.coding.modifiers._ambulance import is_ambulance_modifier
from medoffice.identifiers import modifier

__all__ = [
    "ANATOMIC",
    "BILATERAL",
    "CPT_MODIFIERS",
    "NCCI_ASSOCIATED",
    "PRICING",
    "REPEAT",
    "CptModifier",
    "ModifierKind",
    "is_modifier",
    "is_standard_modifier",
    "modifier_kinds",
]


@final
class ModifierKind(enum.StrEnum):
    """A group of modifiers that a rule treats alike."""

    PRICING = "pricing"
    INFORMATIONAL = "informational"
    NCCI_ASSOCIATED = "ncci-associated"
    ANATOMIC = "anatomic"
    REPEAT = "repeat"
    BILATERAL = "bilateral"


@final
@attrs.frozen(kw_only=True)
class CptModifier:
    """A CPT modifier value with medoffice's own short label (not the AMA descriptor).

    ``added`` is the first day of the CPT code set that introduced it (``None``: long before
    any claim medoffice reads).
    """

    code: str
    label: str
    added: date | None = None

    def valid_on(self, on: date) -> bool:
        """Whether the modifier may be reported on ``on``."""
        return self.added is None or self.added <= on


_CPT_LABELS: Final = {
    "22": "increased work",
    "23": "unusual anesthesia",
    "24": "unrelated E/M, postoperative period",
    "25": "separate E/M, same day",
    "26": "professional component",
    "27": "multiple outpatient hospital E/M",
    "32": "mandated service",
    "33": "preventive service",
    "47": "anesthesia by surgeon",
    "50": "bilateral",
    "51": "multiple procedures",
    "52": "reduced service",
    "53": "discontinued",
    "54": "surgical care only",
    "55": "postoperative care only",
    "56": "preoperative care only",
    "57": "decision for surgery",
    "58": "staged or related, postoperative period",
    "59": "distinct procedural service",
    "62": "two surgeons",
    "63": "infant under 4 kg",
    "66": "surgical team",
    "73": "discontinued before anesthesia, facility",
    "74": "discontinued after anesthesia, facility",
    "76": "repeat, same practitioner",
    "77": "repeat, other practitioner",
    "78": "return to operating room, related",
    "79": "unrelated, postoperative period",
    "80": "assistant surgeon",
    "81": "minimum assistant surgeon",
    "82": "assistant surgeon, no resident available",
    "90": "reference laboratory",
    "91": "repeat laboratory test",
    "92": "alternative laboratory platform",
    "93": "audio-only telemedicine",
    "95": "synchronous telemedicine",
    "96": "habilitative",
    "97": "rehabilitative",
    "99": "multiple modifiers",
    # Anesthesia physical status modifiers (CPT Appendix A, after the ASA classification).
    "P1": "anesthesia physical status 1",
    "P2": "anesthesia physical status 2",
    "P3": "anesthesia physical status 3",
    "P4": "anesthesia physical status 4",
    "P5": "anesthesia physical status 5",
    "P6": "anesthesia physical status 6",
}
# The CPT code set (effective each 1 January) that introduced the newer modifiers.
_CPT_ADDED: Final = {
    "33": date(2011, 1, 1),
    "95": date(2017, 1, 1),
    "96": date(2018, 1, 1),
    "97": date(2018, 1, 1),
    "93": date(2022, 1, 1),
}

CPT_MODIFIERS: Final = MappingProxyType(
    {
        code: CptModifier(code=code, label=label, added=_CPT_ADDED.get(code))
        for code, label in _CPT_LABELS.items()
    }
)
"""The CPT modifier values (2026 CPT code set, Appendix A: two digits, and the physical status
modifiers P1 to P6), with short labels and, for the newer ones, the day they took effect."""


def is_standard_modifier(code: str, *, on: date) -> bool:
    """Whether ``code`` is valid on ``on`` without the HCPCS file: CPT, or an ambulance pair."""
    cpt = CPT_MODIFIERS.get(code)
    if cpt is not None:
        return cpt.valid_on(on)
    return is_ambulance_modifier(code)


ANATOMIC: Final = frozenset(
    {"E1", "E2", "E3", "E4", "FA", "TA", "LT", "RT", "LC", "LD", "RC", "LM", "RI"}
    | {f"F{n}" for n in range(1, 10)}
    | {f"T{n}" for n in range(1, 10)}
)
NCCI_ASSOCIATED: Final = ANATOMIC | frozenset(
    {"59", "XE", "XS", "XP", "XU", "24", "25", "27", "57", "58", "78", "79", "91"}
)
REPEAT: Final = frozenset({"76", "77", "91"})
BILATERAL: Final = frozenset({"50"})
PRICING: Final = frozenset(
    {"22", "26", "50", "51", "52", "53", "54", "55", "56", "62", "66", "78", "80", "81", "82"}
    | {"AA", "AD", "AS", "CO", "CQ", "FX", "FY", "QK", "QX", "QY", "QZ", "TC"}
)

_GROUPS: Final = (
    (ModifierKind.NCCI_ASSOCIATED, NCCI_ASSOCIATED),
    (ModifierKind.ANATOMIC, ANATOMIC),
    (ModifierKind.REPEAT, REPEAT),
    (ModifierKind.BILATERAL, BILATERAL),
)


def is_modifier(code: object) -> bool:
    """Whether ``code`` has the shape of a modifier (:mod:`medoffice.identifiers.modifier`)."""
    return modifier.is_valid(code)


def modifier_kinds(code: object) -> frozenset[ModifierKind]:
    """The groups ``code`` belongs to: pricing or informational, plus any listed group.

    Anything that is not shaped like a modifier belongs to no group; a leading dash (``-25``)
    and lower case are accepted as :mod:`medoffice.identifiers.modifier` accepts them.
    """
    if not isinstance(code, str) or not modifier.is_valid(code):
        return frozenset()
    text = modifier.compact(code)
    kinds = {kind for kind, members in _GROUPS if text in members}
    kinds.add(ModifierKind.PRICING if text in PRICING else ModifierKind.INFORMATIONAL)
    return frozenset(kinds)
