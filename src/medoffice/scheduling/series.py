"""Recurring series: an RRULE subset in wall-clock time, every occurrence checked.

A :class:`Recurrence` (daily, weekly or monthly; interval; weekdays; count or until; exception
dates) generates :func:`occurrences` in the resource's zone, so 09:00 stays 09:00 across a
daylight-saving change. :func:`decide_series` checks each occurrence against the calendar and the
ones before it, under a :class:`SeriesMode` (all or nothing, or what fits); edits take an
:class:`EditScope` (:func:`cancel_series`, :func:`move_series`, :func:`select_occurrences`).

More information: RFC 5545, section 3.3.10 (https://www.rfc-editor.org/rfc/rfc5545).
"""

from medoffice.scheduling._series import (
    EditScope,
    Frequency,
    OccurrenceRejected,
    Recurrence,
    SeriesDecision,
    SeriesMode,
    SeriesRequest,
    cancel_series,
    decide_series,
    move_series,
    occurrences,
    select_occurrences,
)

__all__ = [
    "EditScope",
    "Frequency",
    "OccurrenceRejected",
    "Recurrence",
    "SeriesDecision",
    "SeriesMode",
    "SeriesRequest",
    "cancel_series",
    "decide_series",
    "move_series",
    "occurrences",
    "select_occurrences",
]
