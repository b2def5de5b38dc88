"""One pass over a claim that clears the cheap structural rules together.

Thirty-nine rules (lines and totals, pointers, the diagnosis list and each code's status on its
date, modifier and place-of-service shapes, each place of service and HCPCS code on its date,
procedure shapes, date order, the patient's sex and birth date, the Medicare member id, the
providers' NPIs and tax id) each look at the claim for a problem that it almost never has.
:func:`structure_screen` walks the claim once and tests, for each of them, the very condition
under which that rule finds nothing. When every condition holds, none of the rules has
a hit and none is called; otherwise each rule of the part not cleared answers with its own
function, as it would alone (a code on several lines leaves LINE-DUPLICATE alone to its rule,
and 59 or an X modifier leaves MOD-59-WITH-X alone, when the rest of their parts is clear).
So the hits, messages and paths are always the rules' own, and a screen that fails (or a rule
that fails) is handled by the checker as for any shared analysis: each rule then runs alone.
:func:`diagnosis_screen` does the same for the rules on the diagnoses' kinds and MCE flags, and
:func:`modifier_screen` for the modifier rules. What a screen learns of one value on one day (a
diagnosis, a modifier, a place of service) is the same on every claim, so the context keeps it
(bounded memos): a batch's claims share the look-ups, and each claim costs one per value.

>>> from datetime import date
>>> from medoffice.claims import CheckContext
>>> from medoffice.claims._facts import ContextFacts, Facts
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> codes = InMemoryDiagnosisCodes.sample()
>>> on = date(2026, 3, 20)
>>> shared = ContextFacts(on=on, codes=codes, edits=None, procedures=None, settings={})
>>> dict(structure_screen(Facts(sample_claim(), shared)))
{}
>>> screened = structure_screen(Facts(sample_claim(frequency="7"), shared))
>>> screened["CLM-FREQ-INVALID"][0].path
'original_reference'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Final

from medoffice.claims._diagnoses import CACHE_LIMIT, DxStatus, Status
from medoffice.claims._facts import Facts
from medoffice.claims._first_listed import is_first_listed_only
from medoffice.claims._model import PayerType
from medoffice.claims._rule import Hit
from medoffice.claims._rules_icd10 import ICD10_RULES
from medoffice.claims._rules_modifiers import (
    _CONFLICTS,
    _X,
    MODIFIER_RULES,
    _is_em,
    _modifier_passes,
    _place_passes,
)
from medoffice.claims._rules_parties import _OLDEST, _SEXES, PARTY_RULES, _npi_ok, _tin_ok
from medoffice.claims._rules_pointers import (
    MAX_DIAGNOSES,
    MAX_POINTERS,
    POINTER_RULES,
)
from medoffice.claims._rules_procedures import PROCEDURE_RULES, _active, _shaped
from medoffice.claims._rules_structure import (
    _ZERO,
    MAX_LINES,
    MAX_MODIFIERS,
    STRUCTURE_RULES,
)
from medoffice.claims.ports import DiagnosisEdits
from medoffice.identifiers import mbi

__all__ = [
    "DIAGNOSIS_SHARED",
    "MODIFIER_SHARED",
    "SCREENED",
    "STRUCTURE_SHARED",
    "diagnosis_screen",
    "modifier_screen",
    "structure_screen",
]

_Check = Callable[[Facts], Sequence[Hit]]

_CLAIM: Final = (
    "CLM-NO-LINES",
    "CLM-TOO-MANY-LINES",
    "CLM-FREQ-INVALID",
    "DX-NONE",
    "DX-TOO-MANY",
    "DX-DUPLICATE",
    "DX-UNREFERENCED",
    "DX-FORMAT",
    "DX-CODESET-UNAVAILABLE",
    "DX-INVALID-ON-DOS",
    "DX-NOT-BILLABLE",
    "DX-7TH-MISSING",
    "DX-7TH-INVALID",
    "DX-PLACEHOLDER-X",
    "DX-MANIFESTATION-FIRST",
    "DX-MANIFESTATION-NO-ETIOLOGY",
    "DT-FUTURE",
    "DT-BEFORE-BIRTH",
)
_PARTIES: Final = (
    "PAT-MBI-INVALID",
    "PAT-SEX-INVALID",
    "PAT-DOB-INVALID",
    "PRV-TIN-INVALID",
    "PRV-NPI-MISSING",
    "PRV-NPI-INVALID",
)
_LINES: Final = (
    "CLM-TOTAL-MISMATCH",
    "CHG-NOT-POSITIVE",
    "UNIT-NOT-POSITIVE",
    "LINE-DUPLICATE",
    "MOD-TOO-MANY",
    "MOD-FORMAT",
    "POS-FORMAT",
    "PTR-MISSING",
    "PTR-TOO-MANY",
    "PTR-OUT-OF-RANGE",
    "PTR-REPEATED",
    "DT-RANGE-INVERTED",
    "PX-FORMAT",
    "PX-INVALID-ON-DOS",
    "POS-INVALID",
)
SCREENED: Final = (*_CLAIM, *_PARTIES, *_LINES)
"""The rules the screen answers for."""
_LINES_CLEARED: Final[frozenset[str]] = frozenset()
_LINES_UNCLEARED: Final = frozenset(_LINES)
_DUPLICATE_ONLY: Final = frozenset({"LINE-DUPLICATE"})

_CHECKS: Final[Mapping[str, _Check]] = {
    rule.id: rule.check
    for rule in (
        *STRUCTURE_RULES,
        *POINTER_RULES,
        *ICD10_RULES,
        *PARTY_RULES,
        *PROCEDURE_RULES,
        *MODIFIER_RULES,
    )
    if rule.id in SCREENED
}
if len(_CHECKS) != len(SCREENED):
    raise RuntimeError("a screened rule is missing from its group")  # pragma: no cover

_CLEAR: Final[Mapping[str, Sequence[Hit]]] = {}
# Enum members read once: reading one from its class costs a Python-level look-up each time.
_MEDICARE: Final = PayerType.MEDICARE
_VALID: Final = DxStatus.OK
_DIGITS: Final = "0123456789"
_SIGNS: Final = _DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The strings POS-FORMAT's and MOD-FORMAT's patterns match (a test holds them to the patterns):
# one set look-up instead of a match.
_TWO_DIGITS: Final = frozenset(a + b for a in _DIGITS for b in _DIGITS)
_TWO_SIGNS: Final = frozenset(a + b for a in _SIGNS for b in _SIGNS)
_IS_SIGNS: Final = _TWO_SIGNS.__contains__


def _each_alone(
    f: Facts, uncleared: Iterable[str], checks: Mapping[str, _Check]
) -> Mapping[str, Sequence[Hit]]:
    """The hits of the screened rules on a claim the screen did not clear: each rule of a part
    that was not cleared answers with its own function (a rule of a part cleared has none).
    Only the rules with hits are in the answer, so the checker looks at those alone."""
    found: dict[str, Sequence[Hit]] = {}
    for rule_id in uncleared:
        hits = checks[rule_id](f)
        if hits:
            found[rule_id] = hits
    return found


@functools.cache
def _pointer_lists(count: int) -> frozenset[tuple[int, ...]]:
    """The pointer lists that PTR-MISSING, PTR-TOO-MANY, PTR-OUT-OF-RANGE and PTR-REPEATED all
    accept on a claim of ``count`` diagnoses (at most 12): one to four distinct pointers, each
    naming one of them. Made on first use (13,344 lists for 12 diagnoses)."""
    names = range(1, count + 1)
    return frozenset(
        pointers
        for size in range(1, MAX_POINTERS + 1)
        for pointers in itertools.permutations(names, size)
    )


def _parties_clear(f: Facts) -> bool:
    """The patient's sex and birth date, the billing tax id, and each provider's NPI."""
    claim = f.claim
    if claim.payer.type is _MEDICARE and not mbi.is_valid(claim.subscriber.member_id):
        return False  # PAT-MBI-INVALID
    patient = claim.patient
    if patient.sex not in _SEXES:  # PAT-SEX-INVALID
        return False
    birth, on = patient.date_of_birth, f.context.on
    if not (isinstance(birth, date) and birth <= on and on.year - birth.year <= _OLDEST):
        return False  # PAT-DOB-INVALID
    tin = claim.billing.tin
    if not (tin is not None and _tin_ok(tin)):  # PRV-TIN-INVALID
        return False
    for provider in (claim.billing, claim.rendering, claim.referring):
        if provider is not None and not (provider.npi and _npi_ok(provider.npi)):
            return False  # PRV-NPI-MISSING or PRV-NPI-INVALID
    return True


def _modifiers_clear(modifiers: tuple[str, ...]) -> bool:
    """MOD-TOO-MANY and MOD-FORMAT: at most four modifiers, each two letters or digits."""
    if len(modifiers) > MAX_MODIFIERS:
        return False
    return all(map(_IS_SIGNS, modifiers))  # in C, and as the generator would: in order


_CPT: Final = 1
_HCPCS: Final = 2
_CODE_KINDS: Final[dict[object, int]] = {}


def _code_kind(code: object) -> int:
    """What PX-FORMAT and PX-INVALID-ON-DOS see in a procedure code: not its shape (0), a CPT
    code (a digit first: not in the HCPCS file) or a HCPCS Level II code; remembered for the
    codes met (bounded), so that a line costs one look-up."""
    kind = 0
    if _shaped(code):
        kind = _CPT if isinstance(code, str) and code[:1].isdigit() else _HCPCS
    if len(_CODE_KINDS) >= CACHE_LIMIT:
        _CODE_KINDS.clear()
    _CODE_KINDS[code] = kind
    return kind


def _lines_uncleared(f: Facts) -> frozenset[str]:
    """The line rules, and the total's, that may find something (at most 12 diagnoses): none,
    LINE-DUPLICATE alone (a code on several lines, every other rule clear), or all of them."""
    claim = f.claim
    lines = claim.lines
    accepted = _pointer_lists(len(f.dx))
    total = claim.total_charge
    currency = None if total is None else total.currency
    amount = _ZERO
    places = f.context.places
    procedures = f.context.procedures
    codes: set[str] = set()
    for line in lines:
        charge = line.charge
        modifiers = line.modifiers
        pointers = line.pointers
        end = line.service_to
        day = line.service_from
        place = line.place_of_service
        code = line.procedure
        if (
            charge.amount <= _ZERO  # CHG-NOT-POSITIVE
            or not line.units > _ZERO  # UNIT-NOT-POSITIVE
            # MOD-TOO-MANY, MOD-FORMAT (_modifiers_clear, without its call)
            or (
                modifiers and (len(modifiers) > MAX_MODIFIERS or not all(map(_IS_SIGNS, modifiers)))
            )
            or place not in _TWO_DIGITS  # POS-FORMAT
            or pointers not in accepted  # PTR-MISSING, -TOO-MANY, -OUT-OF-RANGE, -REPEATED
            or (end is not None and end < day)  # DT-RANGE-INVERTED
        ):
            return _LINES_UNCLEARED
        kind = _CODE_KINDS.get(code) or _code_kind(code)
        if not kind:  # PX-FORMAT
            return _LINES_UNCLEARED
        passes = places.get((place, day))  # POS-INVALID
        if not (passes or (passes is None and _place_passes(f, place, day))):
            return _LINES_UNCLEARED
        # PX-INVALID-ON-DOS: a CPT code (a digit first) is not in the HCPCS file.
        if procedures is not None and kind == _HCPCS and not _active(procedures, code, day):
            return _LINES_UNCLEARED
        if total is not None:  # CLM-TOTAL-MISMATCH
            if charge.currency is not currency and charge.currency != currency:
                return _LINES_UNCLEARED
            amount += charge.amount
        codes.add(code)
    if total is not None and amount != total.amount:
        return _LINES_UNCLEARED
    # LINE-DUPLICATE: only lines of one code can repeat each other (the rule tells which do).
    return _LINES_CLEARED if len(codes) == len(lines) else _DUPLICATE_ONLY


def structure_screen(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """The screened rules' hits on this claim: none for the parts the screen clears (the claim's
    own fields, the parties, the lines), each rule's own answer for the others."""
    # The pointer lists are known for up to 12 diagnoses (DX-TOO-MANY reports more).
    lines = _LINES_UNCLEARED if len(f.dx) > MAX_DIAGNOSES else _lines_uncleared(f)
    # The claim-level rules (lines and diagnoses listed, dates). Each test here and in
    # _lines_uncleared and _parties_clear is the condition under which one rule returns no hit,
    # written as that rule writes it (so a value that would make the rule fail makes the
    # screen fail too).
    claim = f.claim
    dx = f.dx
    count = len(dx)
    claim_clear = not (
        not claim.lines  # CLM-NO-LINES
        or len(claim.lines) > MAX_LINES  # CLM-TOO-MANY-LINES
        or claim.frequency != "1"  # CLM-FREQ-INVALID (7 and 8 need a look)
        or not dx  # DX-NONE
        or count > MAX_DIAGNOSES  # DX-TOO-MANY
        or len(set(dx)) != count  # DX-DUPLICATE
        or len(f.referenced) < count  # DX-UNREFERENCED
        or len(f.dx_by_status) != 1  # DX-FORMAT, -INVALID-ON-DOS, -NOT-BILLABLE, -7TH-MISSING,
        or _VALID not in f.dx_by_status  # -7TH-INVALID, -PLACEHOLDER-X, -CODESET-UNAVAILABLE
        or f.manifestations  # DX-MANIFESTATION-FIRST, DX-MANIFESTATION-NO-ETIOLOGY
    )
    if claim_clear:
        last_day = f.last_day
        if last_day is not None and not last_day <= f.context.on:  # DT-FUTURE
            claim_clear = False
        else:
            birth = claim.patient.date_of_birth
            first = f.first_service
            # DT-BEFORE-BIRTH
            claim_clear = not isinstance(birth, date) or (first is not None and first >= birth)
    parties_clear = _parties_clear(f)
    if claim_clear and parties_clear and not lines:
        return _CLEAR
    uncleared = list(lines)
    if not claim_clear:
        uncleared += _CLAIM
    if not parties_clear:
        uncleared += _PARTIES
    return _each_alone(f, uncleared, _CHECKS)


STRUCTURE_SHARED: Final = (structure_screen, SCREENED)
"""The screen with the rules it answers for: the checker calls it once per claim."""

_MODIFIER_RULES: Final = ("MOD-UNKNOWN", "MOD-DUPLICATE", "MOD-59-WITH-X", "MOD-CONFLICT")
_MODIFIER_CHECKS: Final = {
    rule.id: rule.check for rule in MODIFIER_RULES if rule.id in _MODIFIER_RULES
}


def _modifier_pairs_uncleared(f: Facts) -> frozenset[str]:
    """Of MOD-DUPLICATE and MOD-CONFLICT (a line repeats a modifier, or has two of those that
    contradict each other: conservatively, two of 26, TC, 50, LT and RT) and MOD-59-WITH-X (59
    with an X modifier, or either on an E/M code), the rules that may find something."""
    for line in f.claim.lines:  # most claims: no line with either (one test each)
        modifiers = line.modifiers
        if len(modifiers) > 1 and (
            len(set(modifiers)) != len(modifiers) or len(_CONTRADICTING.intersection(modifiers)) > 1
        ):
            break
        if not _59_OR_X.isdisjoint(modifiers) and (
            ("59" in modifiers and not _X.isdisjoint(modifiers)) or _is_em(line.procedure)
        ):
            break
    else:
        return _NO_PAIRS
    pairs = x = False  # which of the two a line has
    for line in f.claim.lines:
        modifiers = line.modifiers
        if (
            not pairs
            and len(modifiers) > 1
            and (
                len(set(modifiers)) != len(modifiers)
                or len(_CONTRADICTING.intersection(modifiers)) > 1
            )
        ):
            pairs = True
        if (
            not x
            and not _59_OR_X.isdisjoint(modifiers)
            and (("59" in modifiers and not _X.isdisjoint(modifiers)) or _is_em(line.procedure))
        ):
            x = True
    if pairs:
        return _PAIRS_AND_X if x else _PAIRS_ONLY
    return _X_ONLY if x else _NO_PAIRS


def _modifiers_known(f: Facts) -> bool:
    """Whether MOD-UNKNOWN finds nothing: what it finds of each modifier on a day is kept in
    the context's memo (the edit tables are asked once per modifier and day)."""
    known = f.context.modifiers_known
    for line in f.claim.lines:
        modifiers = line.modifiers
        if modifiers:
            day = line.service_from
            for modifier in modifiers:
                passes = known.get((modifier, day))
                if passes is None:
                    passes = _modifier_passes(f, modifier, day)
                if not passes:
                    return False
    return True


def modifier_screen(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """The modifier rules' hits: none on a claim without modifiers (each rule's own first test),
    nor on one the screen clears; on the others each rule not cleared answers with its own
    function."""
    if not f.modified:
        return _CLEAR
    uncleared = _modifier_pairs_uncleared(f)
    if not _modifiers_known(f):
        uncleared = uncleared | _UNKNOWN_ONLY
    return _each_alone(f, uncleared, _MODIFIER_CHECKS) if uncleared else _CLEAR


_UNKNOWN_ONLY: Final = frozenset({"MOD-UNKNOWN"})
_NO_PAIRS: Final[frozenset[str]] = frozenset()
_PAIRS_ONLY: Final = frozenset({"MOD-DUPLICATE", "MOD-CONFLICT"})
_X_ONLY: Final = frozenset({"MOD-59-WITH-X"})
_PAIRS_AND_X: Final = _PAIRS_ONLY | _X_ONLY
_CONTRADICTING: Final = frozenset().union(*_CONFLICTS)
_59_OR_X: Final = _X | {"59"}

MODIFIER_SHARED: Final = (modifier_screen, _MODIFIER_RULES)
"""The modifier screen with the rules it answers for: the checker calls it once per claim."""

_DIAGNOSIS_RULES: Final = (
    "DX-EXTERNAL-CAUSE-FIRST",
    "DX-FIRST-LISTED-ONLY",
    "DX-AGE-CONFLICT",
    "DX-SEX-CONFLICT",
    "DX-EDITS-UNKNOWN",
    "DX-UNSPECIFIED",
)
_DIAGNOSIS_CHECKS: Final = {
    rule.id: rule.check for rule in ICD10_RULES if rule.id in _DIAGNOSIS_RULES
}
_UNCLEARED_DX: Final = frozenset(_DIAGNOSIS_RULES)


_QUIET_FIRST: Final = 1
"""A diagnosis the rules of the diagnosis screen pass over when it is listed first."""
_QUIET_LATER: Final = 2
"""A diagnosis those rules pass over when it is listed after the first."""


def _quiet(status: Status, code: str, edits: DiagnosisEdits | None) -> int:
    """What :func:`_each_clear` tests of one diagnosis (its status and code on its day): not
    an external-cause code (first), not a first-listed-only Z code (after the first), no
    details pending, and, valid on its day, no MCE age, sex or unspecified flag."""
    kind, item, day = status
    if item is not None and item.details_pending:  # DX-EDITS-UNKNOWN
        return 0
    if kind is DxStatus.OK and day is not None and edits is not None:
        edit = edits.lookup(code, day)
        if edit is not None and (
            edit.age_group is not None or edit.sex is not None or edit.unspecified
        ):
            return 0  # DX-AGE-CONFLICT, DX-SEX-CONFLICT, DX-UNSPECIFIED
    quiet = 0
    external = item.external_cause if item is not None else code[:1] in "VWXY"
    if kind is DxStatus.FORMAT or not external:  # DX-EXTERNAL-CAUSE-FIRST
        quiet |= _QUIET_FIRST
    if not (code[:1] == "Z" and is_first_listed_only(code)):  # DX-FIRST-LISTED-ONLY
        quiet |= _QUIET_LATER
    return quiet


def diagnosis_screen(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """The hits of the rules on the diagnoses' kinds and MCE flags: none on a claim the screen
    clears (most claims), each rule's own answer on the others.

    The screen is :func:`_each_clear`, with what it tests of each diagnosis remembered per code
    and day: a diagnosis's status is that of its code on the day that decided it (the same on
    every claim), and so is what the screen tests of it. The context keeps it per code and day,
    and a claim costs one look-up per diagnosis.
    """
    notes = f.context.dx_notes
    raws = f.claim.diagnoses
    dx = f.dx
    for j, status in enumerate(f.dx_status):
        day = status[2]
        if day is None:  # no date decided it: tested as it stands
            return _CLEAR if _each_clear(f) else _each_alone(f, _UNCLEARED_DX, _DIAGNOSIS_CHECKS)
        key = (raws[j], day)
        quiet = notes.get(key)
        if quiet is None:
            quiet = _quiet(status, dx[j], f.context.edits)
            if len(notes) >= CACHE_LIMIT:
                notes.clear()
            notes[key] = quiet
        if not quiet & (_QUIET_LATER if j else _QUIET_FIRST):
            return _each_alone(f, _UNCLEARED_DX, _DIAGNOSIS_CHECKS)
    return _CLEAR


def _each_clear(f: Facts) -> bool:
    """Whether none of the rules on the diagnoses' kinds and MCE flags finds anything: no
    external-cause code first, no first-listed-only Z code after the first, no code whose
    details are pending, and no code the MCE flags for an age group, a sex or as unspecified."""
    dx = f.dx
    statuses = f.dx_status
    if dx:  # DX-EXTERNAL-CAUSE-FIRST
        status, item, _ = statuses[0]
        if status is not DxStatus.FORMAT and (
            item.external_cause if item is not None else dx[0][:1] in "VWXY"
        ):
            return False
    for code in dx[1:]:  # DX-FIRST-LISTED-ONLY
        if code[:1] == "Z" and is_first_listed_only(code):
            return False
    for _, item, _ in statuses:  # DX-EDITS-UNKNOWN
        if item is not None and item.details_pending:
            return False
    # DX-AGE-CONFLICT, DX-SEX-CONFLICT, DX-UNSPECIFIED
    for _, _, edit in f.dx_edits:
        if edit.age_group is not None or edit.sex is not None or edit.unspecified:
            return False
    return True


DIAGNOSIS_SHARED: Final = (diagnosis_screen, _DIAGNOSIS_RULES)
"""The diagnosis screen with the rules it answers for: the checker calls it once per claim."""
