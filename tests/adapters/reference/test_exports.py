"""The loaders are one import away, and each is imported only when first used."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import medoffice.adapters.reference as reference
from medoffice.adapters.reference import load_icd10cm


class TestExports:
    def test_every_exported_name_resolves_to_its_home(self) -> None:
        """Each name of __all__ is the object its private module (or coding) defines."""
        for name in reference.__all__:
            value = getattr(reference, name)
            home = importlib.import_module(value.__module__)
            assert getattr(home, name) is value

    def test_dir_lists_the_exports(self) -> None:
        """dir() shows the public names before they are first used."""
        assert set(reference.__all__) <= set(dir(reference))

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        """A name the package does not export raises AttributeError, as for any module."""
        with pytest.raises(AttributeError):
            _ = reference.load_everything


class TestLazyImports:
    def test_loading_icd10cm_does_not_import_the_claims_domain(self) -> None:
        """load_icd10cm pays for the ICD-10-CM reader only, not the CMS readers or bridges."""
        probe = (
            "import sys\n"
            "from medoffice.adapters.reference import load_icd10cm\n"
            "print(sorted(m for m in ('medoffice.claims', 'medoffice.adapters.bridges',"
            " 'medoffice.adapters.reference._ptp') if m in sys.modules))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
        )
        assert done.stdout.strip() == "[]"

    def test_a_cached_lookup_imports_no_heavy_module(self, tmp_path: Path) -> None:
        """Loading from the cache and answering a lookup imports neither attrs, pendulum,
        cattrs, pickle, the XML reader nor typing, pathlib, json or re (beyond what the
        interpreter itself started with): the cold start stays near the interpreter's own."""
        heavy = (
            "attr",
            "attrs",
            "pendulum",
            "cattrs",
            "pickle",
            "datetime",
            "typing",
            "pathlib",
            "json",
            "re",
            "contextlib",
            "importlib.util",
            "xml.etree.ElementTree",
            "medoffice.coding.icd10cm._references",
            "medoffice.coding.icd10cm._compile",
        )
        report = f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
        lookup = (
            "from medoffice.adapters.reference import load_icd10cm\n"
            "item = load_icd10cm(cache_dir=sys.argv[1]).lookup('E11.9')\n"
            "assert item is not None and item.notes and item.is_billable\n"
        )
        load_icd10cm(cache_dir=tmp_path)  # compiles and writes the cache
        environment = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}

        def imported(script: str) -> set[str]:
            done = subprocess.run(
                [sys.executable, "-c", f"import sys\n{script}{report}", str(tmp_path)],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
                env=environment,
            )
            return set(ast.literal_eval(done.stdout.strip()))

        assert imported(lookup) - imported("") == set()
