"""Reference terminologies as immutable, versioned indexes.

ICD-10-CM (``medoffice.coding.icd10cm``), procedure codes and modifiers, place of service, and the
CMS edit tables (NCCI PTP, MUE, add-on codes), each answering "on this date of service". This
layer is pure: it reads no file, cache or network. The official files are read by the loaders
of ``adapters.reference``, which compile them into the values held here;
:class:`LoadProblem` is how a loaded table lists the rows it could not read, and
:class:`ReferenceFileError` what a loader raises for a file it cannot read at all.

>>> LoadProblem(file="HCPC2026_JAN_ANWEB.csv", line=7, rule="REF-VALUE", message="no date").kept
False
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Any

    from medoffice.coding._problems import LoadProblem, ReferenceFileError

__all__ = ["LoadProblem", "ReferenceFileError"]


# Imported on first use: a code set loaded from its cache (``medoffice.coding.icd10cm``) does not
# pay for the problem and finding types of the file readers.
def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("medoffice.coding._problems"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
