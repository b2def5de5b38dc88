"""FHIR R5 export: Practitioner.qualification and VerificationResult with ``nextScheduled``.

The plain-dict builders need nothing extra; validated resources need the ``fhir`` extra
(``fhir.resources``), imported lazily.

More information: https://hl7.org/fhir/R5/verificationresult.html
"""

from __future__ import annotations

import importlib
from typing import Any

from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._professions import profession_of
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import Timeline, timeline_of
from medoffice.kernel import InvalidArgument

__all__ = ["fhir_practitioner", "fhir_practitioner_data", "fhir_verification_results"]


def _ordered(staff: StaffMember) -> list[Credential]:
    return sorted(
        staff.credentials, key=lambda c: (c.kind.value, c.jurisdiction, c.issued_on, c.number)
    )


def _timeline(credential: Credential, staff: StaffMember, rules: RuleBook) -> Timeline:
    return timeline_of(
        credential,
        birth_date=staff.birth_date,
        rules=rules,
        profession=profession_of(staff),
        practice_states=staff.states,
    )


def fhir_practitioner_data(
    staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES
) -> dict[str, Any]:
    """A FHIR R5 Practitioner as a plain dict: identifier and one qualification per credential.

    Names and birth dates are left out; link them from your own directory if you must.
    """
    qualifications = []
    for credential in _ordered(staff):
        line = _timeline(credential, staff, rules)
        period = {"start": credential.issued_on.isoformat()}
        if line.valid_through is not None:
            period["end"] = line.valid_through.isoformat()
        entry: dict[str, Any] = {
            "code": {"text": credential.kind.value},
            "period": period,
            "issuer": {"display": credential.issuer},
        }
        if credential.number:
            entry["identifier"] = [{"value": credential.number}]
        qualifications.append(entry)
    return {
        "resourceType": "Practitioner",
        "id": staff.id,
        "identifier": [{"system": "urn:medoffice:staff", "value": staff.id}],
        "qualification": qualifications,
    }


def _fhir(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(f"fhir.resources.{module}"), name)
    except ImportError:
        raise InvalidArgument("install the 'fhir' extra (fhir.resources) for FHIR export") from None


def fhir_practitioner(staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES) -> Any:
    """The validated ``fhir.resources`` Practitioner (needs the ``fhir`` extra)."""
    return _fhir("practitioner", "Practitioner").model_validate(
        fhir_practitioner_data(staff, rules=rules)
    )


def fhir_verification_results(
    staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES, validated: bool = True
) -> tuple[Any, ...]:
    """One VerificationResult per verified credential; ``nextScheduled`` from the rules.

    With ``validated=False`` the plain dicts are returned (no extra needed).
    """
    results = []
    for index, credential in enumerate(_ordered(staff)):
        if not credential.verifications:
            continue
        last = max(credential.verifications, key=lambda v: (v.on, v.source))
        line = _timeline(credential, staff, rules)
        data: dict[str, Any] = {
            "resourceType": "VerificationResult",
            "id": f"{staff.id}-{index}",
            "target": [{"reference": f"Practitioner/{staff.id}"}],
            "targetLocation": [f"Practitioner.qualification[{index}]"],
            "status": "validated" if last.outcome.value == "verified" else "in-process",
            "lastPerformed": last.on.isoformat(),
            "primarySource": [{"who": {"display": last.source}}],
        }
        if line.valid_through is not None:
            data["nextScheduled"] = line.valid_through.isoformat()
        results.append(data)
    if not validated:
        return tuple(results)
    model = _fhir("verificationresult", "VerificationResult")
    return tuple(model.model_validate(r) for r in results)
