"""The shipped rule packs and kinds, as cited data.

:data:`PACKS` holds every pack (NCQA, CAQH, DEA, state boards by profession in
:data:`BOARD_PACKS`, AHA, OSHA, CMS, CLIA, OIG, and the office kinds in :data:`KIND_PACKS`);
:data:`DEFAULT_RULES` is the rule book built from them. :class:`KindSpec` declares a kind's
scope, cadence and :data:`CAPABILITIES`; :func:`profession_of` maps a NUCC taxonomy code to a
profession (:data:`NUCC_PROFESSIONS`). The NCQA time limits and the OIG screening rule are here
as named constants.
"""

from medoffice.credentials._boards import (
    BOARD_PACKS,
)
from medoffice.credentials._kind_packs import (
    KIND_PACKS,
)
from medoffice.credentials._kinds import (
    CAPABILITIES,
    DEFAULT_CADENCE,
    KindSpec,
)
from medoffice.credentials._packs import (
    DEFAULT_RULES,
    NCQA_CVO_VERIFICATION_DAYS,
    NCQA_MONITORING,
    NCQA_VERIFICATION_DAYS,
    OIG_SCREENING,
    PACKS,
)
from medoffice.credentials._professions import (
    NUCC_PROFESSIONS,
    profession_of,
)

__all__ = [
    "BOARD_PACKS",
    "CAPABILITIES",
    "DEFAULT_CADENCE",
    "DEFAULT_RULES",
    "KIND_PACKS",
    "NCQA_CVO_VERIFICATION_DAYS",
    "NCQA_MONITORING",
    "NCQA_VERIFICATION_DAYS",
    "NUCC_PROFESSIONS",
    "OIG_SCREENING",
    "PACKS",
    "KindSpec",
    "profession_of",
]
