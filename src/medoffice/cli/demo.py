"""The demo's synthetic practice, for notebooks and experiments: seeded and made up throughout.

``medoffice demo`` runs on one invented practice in New York over March 2026 (across the
spring-forward change on 8 March): providers and rooms with weekly templates, appointment
requests, a staff roster with credentials, a year's budget with prior actuals and open purchase
orders, and professional claims. :func:`generate_practice` builds it for a seed and one of the
:data:`SIZES`; the same seed gives the same practice. :data:`NOW` is the instant the demo books
at and :data:`MONTH` the days it covers. Every name, number and identifier is invented; NPIs carry
valid check digits so that only the planted mistakes are reported.

>>> practice = generate_practice(seed=7, size=SIZES["small"])
>>> len(practice.providers), practice.setup.practice_zone, NOW.isoformat()
(3, 'America/New_York', '2026-03-01T14:00:00+00:00')
>>> MONTH.first.isoformat(), MONTH.last.isoformat()
('2026-03-01', '2026-03-31')

More information: ``docs/demo.md``.
"""

from medoffice.cli._demo_practice import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.cli._demo_practice import __all__  # noqa: F401 - and its list is this module's own
