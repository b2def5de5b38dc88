"""Public names of the remittance values (payment, claims, lines, adjustments), claims billed.

``REVERSAL`` is the CLP02 claim status code (``22``) of a reversal of an earlier payment.
"""

from medoffice.revenue._model import (
    REVERSAL,
)

__all__ = ["REVERSAL"]
