"""The kernel and coding packages import their names on first use, yet export them all."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["medoffice.kernel", "medoffice.coding"])
def test_every_exported_name_resolves_and_is_listed(package: str) -> None:
    """Each name of ``__all__`` is there on access and in ``dir()``; any other name is not."""
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = module.no_such_name


def test_one_exception_does_not_import_the_whole_kernel() -> None:
    """Importing ``InvalidValue`` loads its module and the loader of names, nothing else: money,
    audit and unit-of-work code stay unimported."""
    script = (
        "import sys\nfrom medoffice.kernel import InvalidValue\n"
        "print(' '.join(m for m in sys.modules if m.startswith('medoffice.kernel.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert sorted(done.stdout.split()) == ["medoffice.kernel._errors", "medoffice.kernel._lazy"]
