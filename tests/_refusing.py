"""Run Python in a fresh interpreter as if some packages were not installed.

The tests of what works without an extra (the plots and frames modules, the test kit) start a
child interpreter whose first lines install an import hook refusing the blocked packages: an
import of one of them raises ``ModuleNotFoundError`` as it would were the package absent, and any
already imported (by ``sitecustomize`` or a ``.pth`` file) is forgotten.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterable

_PRELUDE = textwrap.dedent(
    """
    import importlib.abc
    import sys

    BLOCKED = {blocked!r}

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Refuse())
    for name in list(sys.modules):
        if name.partition(".")[0] in BLOCKED:
            del sys.modules[name]
    """
)


def run_without(
    blocked: Iterable[str], script: str, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (dedented) in a fresh interpreter that cannot import ``blocked``."""
    source = _PRELUDE.format(blocked=set(blocked)) + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", source, *args],
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )
