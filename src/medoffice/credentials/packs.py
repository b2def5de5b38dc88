"""The shipped rule packs and kinds, as cited data.

:data:`PACKS` holds every pack (NCQA, CAQH, DEA, state boards by profession in
:data:`BOARD_PACKS`, AHA, OSHA, CMS, CLIA, OIG, and the office kinds in :data:`KIND_PACKS`);
:data:`DEFAULT_RULES` is the rule book built from them. :class:`KindSpec` declares a kind's
scope, cadence and :data:`CAPABILITIES`; :func:`profession_of` maps a NUCC taxonomy code to a
profession (:data:`NUCC_PROFESSIONS`). Named constants:

- :data:`NCQA_VERIFICATION_DAYS` and :data:`NCQA_CVO_VERIFICATION_DAYS`: the days before a
  credentialing decision within which primary-source verification must fall, by NCQA pack
  version, on the accreditation and the CVO track;
- :data:`NCQA_MONITORING`: the monthly review of sanctions and exclusions;
- :data:`OIG_SCREENING`: monthly exclusion screening (LEIE, SAM, state lists);
- :data:`DEFAULT_CADENCE`: the reminder days of a kind that declares none.

>>> DEFAULT_CADENCE
(120, 90, 60, 30, 14, 7)
>>> NCQA_VERIFICATION_DAYS["2025"], NCQA_CVO_VERIFICATION_DAYS["2025"]
(120, 90)

More information: NCQA Credentialing Standards (https://www.ncqa.org/programs/health-plans/credentialing/);
the citation of each rule in its pack.
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
