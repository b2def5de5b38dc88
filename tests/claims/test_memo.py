"""The checker's bounded memo: kept from a second sighting, paused when nothing repeats."""

from __future__ import annotations

from medoffice.claims._memo import PAUSE, SAMPLE, SecondSightMemo


def test_an_answer_is_kept_from_the_second_sighting() -> None:
    memo: SecondSightMemo[str, int] = SecondSightMemo()
    assert memo.sight("a") == (None, False)
    assert memo.sight("a") == (None, True)
    memo.keep("a", 1)
    assert memo.sight("a") == (1, True)


def test_a_run_of_first_sightings_pauses_then_samples_again() -> None:
    memo: SecondSightMemo[int, int] = SecondSightMemo()
    for n in range(SAMPLE - 1):
        assert memo.watching()
        memo.sight(n)
    assert memo.watching()
    memo.sight(-1)  # the SAMPLE-th first sighting in a row
    assert [memo.watching() for _ in range(PAUSE)] == [False] * PAUSE
    assert memo.watching()
    assert memo.sight(0) == (None, True)  # what was seen before the pause is still known


def test_a_repeat_among_the_sightings_keeps_the_memo_watching() -> None:
    memo: SecondSightMemo[int, int] = SecondSightMemo()
    for n in range(10 * SAMPLE):
        assert memo.watching()
        memo.sight(n)
        if n % (SAMPLE // 2) == 0:
            memo.sight(n)  # seen twice: the batch repeats
