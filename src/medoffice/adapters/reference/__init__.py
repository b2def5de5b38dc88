"""Loading the official reference files: CDC ICD-10-CM and the CMS code sets and edit tables.

The loaders read the files, compile them into the immutable indexes of
:mod:`medoffice.coding` and build the claim checker's ports over them.
"""

from __future__ import annotations

from medoffice.adapters.reference._edit_tables import LoadedEditTables, load_edit_tables
from medoffice.adapters.reference._reference_data import ReferenceData, load_reference_data

__all__ = ["LoadedEditTables", "ReferenceData", "load_edit_tables", "load_reference_data"]
