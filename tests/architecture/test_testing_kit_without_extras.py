"""``medoffice.testing`` without pytest and Hypothesis: what a wheel without extras offers.

A fresh interpreter with an import hook that refuses ``pytest``, ``_pytest`` and
``hypothesis`` (as if the ``testing`` extra were not installed) imports the test kit, uses
its clock and an in-memory store, and is told, when it reaches for a contract suite or a
strategy, which extra to install.
"""

from __future__ import annotations

import importlib
import json
import textwrap

import pytest
from tests._refusing import run_without

import medoffice.testing as kit
from medoffice.testing._scheduling_contracts import AppointmentRepositoryContract

BLOCKED = ("pytest", "_pytest", "hypothesis")
_SCRIPT = textwrap.dedent(
    """
    import json
    from datetime import UTC, datetime, timedelta

    import medoffice.testing as kit
    from medoffice.claims.history import provider_key
    from medoffice.testing import FrozenClock, InMemoryStore, sample_claim

    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    clock.advance(minutes=15)
    store = InMemoryStore()
    claim = sample_claim()
    with store.unit_of_work() as unit:
        unit.claims.record(claim)
    key = store.claims.patient_key(claim)
    day = claim.lines[0].service_from
    lines = store.claims.lines_on(patient=key, provider=provider_key(claim), day=day)

    errors = {}
    for name in ("AppointmentRepositoryContract", "npis"):
        try:
            getattr(kit, name)
        except ImportError as error:
            errors[name] = str(error)
    try:
        from medoffice.testing import ClockContract  # noqa: F401  (needs neither tool)
        plain = True
    except ImportError:
        plain = False
    print(json.dumps({
        "now": clock.now().isoformat(),
        "recorded": len(lines),
        "errors": errors,
        "plain": plain,
        "loaded": sorted(n for n in sys.modules if n.partition(".")[0] in BLOCKED),
    }))
    """
)


def test_the_kit_imports_and_names_the_extra_without_pytest_and_hypothesis() -> None:
    done = run_without(BLOCKED, _SCRIPT, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["now"] == "2026-03-02T09:15:00+00:00"
    assert result["recorded"] > 0
    assert result["plain"] is True
    assert result["loaded"] == []
    assert set(result["errors"]) == {"AppointmentRepositoryContract", "npis"}
    for message in result["errors"].values():
        assert "testing extra" in message
        assert "medoffice[testing]" in message


def test_every_lazy_name_resolves_when_the_tools_are_installed() -> None:
    assert set(kit.__all__) <= set(dir(kit))
    for name in kit.__all__:
        assert getattr(kit, name) is not None
    assert kit.AppointmentRepositoryContract is AppointmentRepositoryContract


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_suite"):
        _ = kit.no_such_suite


@pytest.mark.parametrize(
    ("missing", "names_extra"), [("hypothesis.strategies", True), ("somewhere_else", False)]
)
def test_only_a_missing_test_tool_is_reported_as_the_extra(
    monkeypatch: pytest.MonkeyPatch, missing: str, *, names_extra: bool
) -> None:
    """A lazily imported module that fails for another reason raises its own error."""

    def refuse(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {missing!r}", name=missing)

    monkeypatch.delitem(vars(kit), "npis", raising=False)
    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(ImportError) as raised:
        _ = kit.npis
    assert ("testing extra" in str(raised.value)) is names_extra
    assert raised.value.name == missing
