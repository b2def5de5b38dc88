"""One patient's answer to one kind of service, prepared once per version of the records.

A booking or a claim line asks the same question again and again for the same patient and the
same kind of service (procedure codes, provider, place of service, payer): only the day, the
units and the source change. :func:`prepared` works out, from one patient's
:class:`~medoffice.authorizations.PatientRecords`, everything of :func:`decide` that does not
depend on them: the coverage that applies and over which days, the compiled requirement match,
and the candidates a service could use (the approved authorizations that cover the codes and
allow the place and provider, the issued referrals to the provider), the first to lapse first,
each with the room the ledger leaves it. A :class:`Prepared` is kept on the patient's records
(:attr:`PatientRecords.prepared`): the records are rebuilt after every change to a coverage, an
authorization, a referral or the usage, so what is prepared never outlives the records it was
made from.

:meth:`Prepared.answer` gives :func:`decide`'s verdict when the prepared data prove it (a
candidate in date with room left even if the service were counted in full), and ``None``
otherwise: a day outside the prepared range, a candidate whose room must be projected day by
day, anything missing. The caller then runs :func:`decide`, which remains the one definition of
the answer.

>>> from datetime import date
>>> from medoffice.kernel import DateRange
>>> from medoffice.authorizations._index import AuthorizationIndex
>>> from medoffice.authorizations._records import Coverage, PriorAuthorization
>>> from medoffice.authorizations._requirements import Requirement, RequirementBook
>>> book = RequirementBook(
...     [
...         Requirement(
...             id="PT",
...             kind="prior-authorization",
...             procedures={"97110"},
...             effective=DateRange.starting(date(2026, 1, 1)),
...             source="plan manual",
...         )
...     ]
... )
>>> auth = PriorAuthorization(
...     id="PA-1",
...     patient="p-1",
...     payer_id="60054",
...     procedures={"97110"},
...     approved=1,
...     valid=DateRange(date(2026, 3, 1), date(2026, 3, 31)),
...     status="approved",
... )
>>> records = AuthorizationIndex.build(
...     coverages=[Coverage(patient="p-1", payer_id="60054")], authorizations=[auth]
... ).patient("p-1")
>>> plan = prepared(book, records, "PT", ("97110",), None, False, None, None, None)
>>> march_2, april_2 = date(2026, 3, 2).toordinal(), date(2026, 4, 2).toordinal()
>>> plan.answer(march_2, march_2, 1).authorization
'PA-1'
>>> plan.answer(april_2, april_2, 1) is None  # not in date: decide() says why
True
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from datetime import date
from typing import Final, final

from medoffice.authorizations._decision import NOT_REQUIRED, Verdict, kept_verdict, restriction
from medoffice.authorizations._index import PatientRecords
from medoffice.authorizations._records import Coverage, PlanType, QuantityUnit
from medoffice.authorizations._requirements import RequirementBook, RequirementMatch

__all__ = ["UNSETTLED", "Prepared", "prepared"]

#: In a span, said of a verdict a claim line cannot settle by comparing one number.
UNSETTLED: Final[object] = object()

_KEPT: Final = 256  # kinds of service prepared per patient (appointment types x providers)

#: (first day, last day as ordinals, room, counted per visit, the verdict using it alone or
#: ``None``, the record's id and payer number)
_Candidate = tuple[int, int, int, bool, Verdict | None, str, str | None]


@final
class Prepared:
    """What one kind of service needs from one patient's records, whatever the day.

    Days are compared as ordinals (:meth:`datetime.date.toordinal`), so a caller that only
    knows the day within a few (a booking's instant before it is placed in the practice's
    zone) asks for the whole span and gets an answer when it is the same on every day of it.
    """

    __slots__ = (
        "authorizations",
        "book",
        "first",
        "last",
        "match",
        "one",
        "one_carried",
        "one_first",
        "one_last",
        "one_verdict",
        "referrals",
        "required",
    )

    def __init__(  # noqa: PLR0917 - the parts of a preparation
        self,
        book: RequirementBook,
        first: int,
        last: int,
        match: RequirementMatch | None = None,
        authorizations: tuple[_Candidate, ...] | None = None,
        referrals: tuple[_Candidate, ...] | None = None,
    ) -> None:
        self.book = book
        #: The days this preparation answers for (outside them :meth:`answer` says ``None``).
        self.first = first
        self.last = last
        self.match = match
        #: Whether a requirement applies on those days.
        self.required = match is not None
        #: The candidate authorizations (``None``: none is required), in the order decided.
        self.authorizations = authorizations
        #: The candidate referrals (``None``: none is required), in the order decided.
        self.referrals = referrals
        #: The answer for one visit (or one unit) as spans of days with one verdict
        #: throughout, ``(first, last, verdict, number)``: the few comparisons a booking or a
        #: claim line makes. ``number`` is what a claim line must carry to have no issue:
        #: ``None`` when nothing (nothing required, or an authorization without a number),
        #: the authorization's payer number, or :data:`UNSETTLED` (a referral's number too).
        self.one = self._spans()
        # The first span in slots of its own: most services have one, read in a few steps.
        self.one_first, self.one_last, self.one_verdict, self.one_carried = (
            self.one[0] if self.one else (1, 0, NOT_REQUIRED, UNSETTLED)
        )

    def _spans(self) -> tuple[tuple[int, int, Verdict, object], ...]:
        if self.first > self.last:
            return ()
        cuts = {self.first, self.last + 1}
        for candidates in (self.authorizations or (), self.referrals or ()):
            for candidate in candidates:
                cuts.update(
                    day for day in (candidate[0], candidate[1] + 1) if self.first < day <= self.last
                )
        bounds = sorted(cuts)
        spans: list[tuple[int, int, Verdict, object]] = []
        # No candidate starts or ends inside a piece: the answer of its first day is its answer.
        for low, after in itertools.pairwise(bounds):
            verdict = self.answer(low, after - 1, 1)
            if verdict is None:
                continue
            if spans and spans[-1][2] is verdict and spans[-1][1] == low - 1:
                spans[-1] = (spans[-1][0], after - 1, verdict, spans[-1][3])
            else:
                spans.append((low, after - 1, verdict, _carried(verdict)))
        return tuple(spans)

    def answer(self, low: int, high: int, units: int) -> Verdict | None:  # noqa: PLR0912
        """:func:`decide`'s verdict for ``units`` on every day from ``low`` to ``high``.

        ``None`` when the preparation does not prove one verdict for all those days (then
        decide() must be run on the day itself).
        """
        if not (self.first <= low and high <= self.last):
            return None
        if not self.required:
            return NOT_REQUIRED
        auth: _Candidate | None = None
        auths = self.authorizations
        if auths is not None:
            for auth in auths:
                if high < auth[0] or auth[1] < low:
                    continue  # not in date on any of the days
                # In date on every day, with room for the service counted in full on top of
                # everything used (the projected total can only be lower): decide() takes it.
                if auth[0] <= low and high <= auth[1] and (1 if auth[3] else units) <= auth[2]:
                    break
                return None
            else:
                return None  # nothing in date: decide() diagnoses what is missing
        referral: _Candidate | None = None
        referrals = self.referrals
        if referrals is not None:
            for referral in referrals:
                if high < referral[0] or referral[1] < low:
                    continue
                if referral[0] <= low and high <= referral[1] and referral[2] >= 1:
                    break
                return None
            else:
                return None
            if auth is None:
                return referral[4]
        elif auth is not None:
            return auth[4]
        assert auth is not None  # a match requires an authorization, a referral or both
        assert referral is not None
        match = self.match
        assert match is not None
        found = (auth[5], auth[6], referral[5], referral[6])
        verdict = match.verdicts.get(found)
        if verdict is None:
            verdict = kept_verdict(match, found, *found)
        return verdict

    def __repr__(self) -> str:
        return (
            f"Prepared({date.fromordinal(self.first)}..{date.fromordinal(self.last)}, "
            f"required={self.required})"
        )


def _carried(verdict: Verdict) -> object:
    """The number a claim line must carry for ``verdict`` to give it no issue (see spans)."""
    if not verdict.requirements:
        return None
    if verdict.issues or verdict.referral_number is not None:
        return UNSETTLED
    return verdict.authorization_number


_ALWAYS: Final = (date.min.toordinal(), date.max.toordinal())
_NEVER: Final = (_ALWAYS[1], _ALWAYS[0])  # an empty range: every day goes to decide()


def prepared(  # noqa: PLR0917 - the fields of a service, by position like decide()
    book: RequirementBook,
    records: PatientRecords,
    key: Hashable,
    procedures: tuple[str, ...],
    provider: str | None,
    specialist: bool,  # noqa: FBT001 - positional, like decide()
    place: str | None,
    payer_id: str | None,
    payer_type: str | None,
) -> Prepared:
    """The preparation of a kind of service for ``records`` under ``book``, kept under ``key``.

    ``key`` must name everything given here but ``book`` (a preparation of another book is
    made again); the fields are in the form :func:`decide` reads them (canonical codes).
    """
    kept = records.prepared
    found = kept.get(key)
    if found is not None and found.book is book:
        return found
    made = _prepare(book, records, procedures, provider, specialist, place, payer_id, payer_type)
    if len(kept) >= _KEPT:
        kept.clear()
    kept[key] = made
    return made


def _prepare(  # noqa: PLR0917 - as prepared()
    book: RequirementBook,
    records: PatientRecords,
    procedures: tuple[str, ...],
    provider: str | None,
    specialist: bool,  # noqa: FBT001
    place: str | None,
    payer_id: str | None,
    payer_type: str | None,
) -> Prepared:
    if not (specialist and book.specialist_rules) and not any(
        book.concerned[code] for code in procedures
    ):
        return Prepared(book, *_ALWAYS)
    # The coverage decide() finds, and the days on which it finds that one.
    coverages = records.coverages
    coverage: Coverage | None = None
    first, last = date.min, date.max
    if len(coverages) == 1:
        only = coverages[0]
        if payer_id is None or only.payer_id == payer_id:
            coverage = only
            first, last = only.valid.first, only.valid.last
    elif coverages:
        return Prepared(book, *_NEVER)  # which one is in force depends on the day
    key: tuple[str, str, PlanType | None, tuple[str, ...], bool]
    if coverage is not None:
        payer = payer_id or coverage.payer_id
        key = (payer, coverage.payer_type, coverage.plan_type, procedures, specialist)
    elif payer_id is not None:
        payer = payer_id
        key = (payer, payer_type or "other", None, procedures, specialist)
    else:
        return Prepared(book, *_ALWAYS)  # no coverage and no payer: nothing is required
    match = book.compiled.get(key) or book.match(key)
    first, last = max(first, match.first), min(last, match.last)
    days = (first.toordinal(), last.toordinal())
    if not match.requirements:
        return Prepared(book, *days)
    auths: tuple[_Candidate, ...] | None = None
    alone = not (match.needs_authorization and match.needs_referral)
    if match.needs_authorization:
        codes = match.authorization_codes
        auths = tuple(
            (
                a.valid.first.toordinal(),
                a.valid.last.toordinal(),
                a.approved - records.used(a.id).total,
                a.unit is QuantityUnit.VISITS,
                kept_verdict(match, (a.id, a.number), a.id, a.number, None, None)
                if alone
                else None,
                a.id,
                a.number,
            )
            for a in records.approved(payer)
            if a.procedures.issuperset(codes) and restriction(a, place, provider) is None
        )
    refs: tuple[_Candidate, ...] | None = None
    if match.needs_referral:
        refs = tuple(
            (
                r.valid.first.toordinal(),
                r.valid.last.toordinal(),
                r.visits - records.used(r.id).total,
                True,
                kept_verdict(match, (None, None, r.id, r.number), None, None, r.id, r.number)
                if alone
                else None,
                r.id,
                r.number,
            )
            for r in records.issued(payer)
            if r.sends_to(provider)
        )
    return Prepared(book, *days, match, auths, refs)
