"""Public names of expected payments under a payer's terms, denied lines and reversals."""

from medoffice.revenue._expected import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.revenue._expected import __all__  # noqa: F401 - and its list is this module's own
