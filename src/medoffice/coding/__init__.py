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

from medoffice.kernel._lazy import lazy_exports

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from medoffice.coding._problems import LoadProblem, ReferenceFileError

__all__ = ["LoadProblem", "ReferenceFileError"]


# Imported on first use: a code set loaded from its cache (``medoffice.coding.icd10cm``) does not
# pay for the problem and finding types of the file readers.
__getattr__, __dir__ = lazy_exports(
    __name__, globals(), dict.fromkeys(__all__, "medoffice.coding._problems")
)
