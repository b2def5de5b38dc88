"""Without matplotlib or pandas, the library works and the two modules say which extra to install.

A fresh interpreter with an import hook that refuses the blocked packages (as if the extra were
not installed) imports every domain, then the module that needs the extra, and reports what
happened.
"""

from __future__ import annotations

import json

import pytest
from tests._refusing import run_without

_SCRIPT = """
import importlib
import json

for name in ("scheduling", "claims", "budget", "credentials", "revenue", "authorizations"):
    importlib.import_module(f"medoffice.{name}")
try:
    importlib.import_module(sys.argv[1])
except ImportError as error:
    print(json.dumps({"error": str(error), "cause": type(error.__cause__).__name__}))
else:
    print(json.dumps({"error": None}))
"""


def run(blocked: str, module: str) -> dict[str, str | None]:
    done = run_without([blocked], _SCRIPT, module)
    answer: dict[str, str | None] = json.loads(done.stdout)
    return answer


class TestWithoutTheExtras:
    @pytest.mark.parametrize(
        ("blocked", "module", "extra"),
        [
            ("matplotlib", "medoffice.plots", 'pip install "medoffice[plots]"'),
            ("pandas", "medoffice.frames", 'pip install "medoffice[pandas]"'),
        ],
    )
    def test_the_module_names_the_extra_to_install(
        self, blocked: str, module: str, extra: str
    ) -> None:
        """The domains import; the module raises an ImportError naming its extra."""
        answer = run(blocked, module)
        assert answer["error"] is not None
        assert extra in answer["error"]
        assert answer["cause"] == "ModuleNotFoundError"

    def test_the_hook_blocks_only_what_it_is_told(self) -> None:
        """With another package blocked, the module imports: the test can fail."""
        assert run("hypothesis_not_a_package", "medoffice.plots") == {"error": None}
