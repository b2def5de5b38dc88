"""Reference terminologies as immutable, versioned indexes.

ICD-10-CM (``medoffice.coding.icd10cm``), procedure codes and modifiers, place of service, and the
CMS edit tables (NCCI PTP, MUE, add-on codes), each answering "on this date of service". Official
files are read by loaders in ``medoffice.adapters``; this layer holds the compiled values.
"""

from __future__ import annotations

__all__: list[str] = []
