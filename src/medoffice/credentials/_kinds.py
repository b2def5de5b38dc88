"""Credential kinds as data: what a pack declares about a kind of credential.

Offices track more than licences: malpractice certificates of insurance, board certification,
state controlled-substance registrations, hospital privileges, Medicaid revalidation, TB, flu
and HIPAA training. A :class:`KindSpec` declares one kind for a rule pack: how many of it a
person holds (once, per state, per payer), whether the practice state decides its rule (a
national credential such as the CAQH attestation), the reminder cadence, the capabilities it
gates when the practice requires it, the details a credential of the kind records (coverage
limits, the linked DEA registration) and the requirement rows that ask for it. The renewal
primitive is the kind's :class:`~medoffice.credentials.rules.Rule` term in the same pack.

>>> spec = KindSpec(
...     kind="malpractice_coi",
...     title="Malpractice certificate of insurance",
...     gates={"practise"},
...     details=("per_claim", "aggregate"),
...     citation=Citation(source="Practice policy", section="COI on file", url="https://x.test"),
... )
>>> spec.kind.value, sorted(spec.gates), spec.cadence
('malpractice_coi', ['practise'], (120, 90, 60, 30, 14, 7))

More information: see the kinds shipped in :data:`~medoffice.credentials.packs.PACKS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, final

import attrs

from medoffice.credentials._citation import Citation
from medoffice.credentials._matrix import MatrixRow, Scope
from medoffice.credentials._model import CredentialKind, _kind
from medoffice.kernel import InvalidValue

__all__ = ["CAPABILITIES", "DEFAULT_CADENCE", "KindSpec"]

#: The reminder thresholds (days before the due date) of a kind that declares none.
DEFAULT_CADENCE: Final = (120, 90, 60, 30, 14, 7)

#: The capabilities a kind may gate.
CAPABILITIES: Final = frozenset({"practise", "prescribe_controlled", "bill", "waived_tests"})


def _cadence(values: Iterable[int]) -> tuple[int, ...]:
    steps = tuple(sorted({int(v) for v in values}, reverse=True))
    if not steps or steps[-1] < 0:
        raise InvalidValue("a cadence is one or more non-negative days before the due date")
    return steps


def _gates(values: Iterable[str]) -> frozenset[str]:
    gates = frozenset(values)
    unknown = gates - CAPABILITIES
    if unknown:
        raise InvalidValue(f"unknown capabilities; allowed: {', '.join(sorted(CAPABILITIES))}")
    return gates


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _rows(values: Iterable[MatrixRow]) -> tuple[MatrixRow, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class KindSpec:
    """One kind of credential as a pack declares it."""

    kind: CredentialKind = attrs.field(converter=_kind)
    title: str
    scope: Scope = Scope.ONCE
    national: bool = False
    cadence: tuple[int, ...] = attrs.field(default=DEFAULT_CADENCE, converter=_cadence)
    gates: frozenset[str] = attrs.field(default=frozenset(), converter=_gates)
    details: tuple[str, ...] = attrs.field(default=(), converter=_names)
    links_to: CredentialKind | None = None
    rows: tuple[MatrixRow, ...] = attrs.field(default=(), converter=_rows)
    citation: Citation

    @rows.validator
    def _rows_ask_for_this_kind(
        self, _: attrs.Attribute[object], rows: tuple[MatrixRow, ...]
    ) -> None:
        if any(row.kind is not self.kind for row in rows):
            raise InvalidValue("a kind's requirement rows ask for that kind")
