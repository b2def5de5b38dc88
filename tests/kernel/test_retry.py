"""The compare-and-set retry every service uses: again after a conflict, a clear end."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, check_attempts, retry_on_conflict


def conflicting(times: int) -> tuple[list[int], Callable[[], str]]:
    """An attempt that conflicts ``times`` times, then returns ``"saved"``."""
    calls: list[int] = []

    def attempt() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise ConcurrencyConflict("someone saved first")
        return "saved"

    return calls, attempt


class TestRetryOnConflict:
    def test_a_first_success_runs_once(self) -> None:
        """No conflict: one run, its result."""
        calls, attempt = conflicting(0)
        assert retry_on_conflict(attempt, attempts=5) == "saved"
        assert len(calls) == 1

    @given(conflicts=st.integers(0, 8), attempts=st.integers(1, 9))
    def test_it_runs_until_success_or_the_attempts_are_spent(
        self, conflicts: int, attempts: int
    ) -> None:
        """k conflicts then success: saved when k < attempts, else a conflict after all of them."""
        calls, attempt = conflicting(conflicts)
        if conflicts < attempts:
            assert retry_on_conflict(attempt, attempts=attempts) == "saved"
            assert len(calls) == conflicts + 1
        else:
            with pytest.raises(ConcurrencyConflict) as raised:
                retry_on_conflict(attempt, attempts=attempts)
            assert len(calls) == attempts
            assert str(attempts) in str(raised.value)
            assert isinstance(raised.value.__cause__, ConcurrencyConflict)

    def test_other_exceptions_are_not_retried(self) -> None:
        """A programmer mistake goes straight to the caller after one run."""
        calls: list[int] = []

        def attempt() -> None:
            calls.append(1)
            raise InvalidArgument("no appointment has that id")

        with pytest.raises(InvalidArgument):
            retry_on_conflict(attempt, attempts=5)
        assert calls == [1]


class TestCheckAttempts:
    @pytest.mark.parametrize("attempts", [0, -1, True, 1.5, "3", None])
    def test_anything_but_a_positive_whole_number_is_refused(self, attempts: object) -> None:
        """0, negatives, booleans, floats, strings and None are argument errors."""
        with pytest.raises(InvalidArgument):
            check_attempts(attempts)

    def test_a_positive_whole_number_comes_back(self) -> None:
        """1 and 5 are fine."""
        assert (check_attempts(1), check_attempts(5)) == (1, 5)
