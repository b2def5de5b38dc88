"""Public names of expected payments under a payer's terms, denied lines and reversals."""

from medoffice.revenue._expected import PayerTerms, denied_line, expected_payment, reversal

__all__ = ["PayerTerms", "denied_line", "expected_payment", "reversal"]
