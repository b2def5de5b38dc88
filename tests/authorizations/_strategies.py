"""Hypothesis strategies shared by the authorization tests: one patient's prior authorizations,
drawn from a small pool of ids, codes, numbers and statuses so that they overlap and compete."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from medoffice.authorizations._records import PriorAuthorization
from medoffice.kernel import DateRange

# Statuses of which only some are usable: a decision must pass over the others.
SOME_STATUSES = ("pending", "approved", "partially-approved", "expired")


def authorizations(
    valid: st.SearchStrategy[DateRange],
    *,
    providers: Sequence[str | None] = (None, "dr-pt", "dr-spec"),
    statuses: Sequence[str] = SOME_STATUSES,
) -> st.SearchStrategy[list[PriorAuthorization]]:
    """Up to three authorizations of patient ``p-1`` (distinct ids), each valid over a range
    ``valid`` draws, for 97110, 97140 or both, at any place or at office or home, for any
    rendering provider or one of ``providers``."""
    return st.lists(
        st.builds(
            PriorAuthorization,
            id=st.sampled_from(["PA-1", "PA-2", "PA-3"]),
            patient=st.just("p-1"),
            payer_id=st.sampled_from(["ACME1", "OTHER"]),
            procedures=st.sampled_from([{"97110"}, {"97140"}, {"97110", "97140"}]),
            approved=st.integers(0, 3),
            valid=valid,
            number=st.sampled_from([None, "A-1", "A-2"]),
            unit=st.sampled_from(["visits", "units"]),
            place_of_service=st.sampled_from([None, "11", "22"]),
            rendering=st.sampled_from(list(providers)),
            status=st.sampled_from(list(statuses)),
        ),
        max_size=3,
        unique_by=lambda a: a.id,
    )
