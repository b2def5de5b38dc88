"""The iCalendar export of due dates: RFC 5545 text, folded lines, stable UIDs."""

from __future__ import annotations

from datetime import date

from medoffice.adapters.formats.icalendar import to_icalendar
from medoffice.credentials._alerts import DueItem

ITEMS = [
    DueItem(holder_id="S-2", requirement="dea_registration/TX", due_on=date(2026, 2, 28)),
    DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30)),
]


class TestICalendar:
    text = to_icalendar(ITEMS, stamp=date(2026, 1, 5))

    def test_lines_end_with_crlf_and_fit_in_75_octets(self) -> None:
        """Every line ends in CRLF and is at most 75 octets long."""
        assert self.text.endswith("\r\n")
        lines = self.text.split("\r\n")[:-1]
        assert all(len(line.encode()) <= 75 for line in lines)
        assert "\n" not in self.text.replace("\r\n", "")

    def test_events_are_all_day_and_sorted_by_due_date(self) -> None:
        """DTSTART is a DATE value, soonest first, with an exclusive DTEND the day after."""
        starts = [x for x in self.text.split("\r\n") if x.startswith("DTSTART")]
        ends = [x for x in self.text.split("\r\n") if x.startswith("DTEND")]
        assert starts == ["DTSTART;VALUE=DATE:20260228", "DTSTART;VALUE=DATE:20280630"]
        assert ends == ["DTEND;VALUE=DATE:20260301", "DTEND;VALUE=DATE:20280701"]

    def test_uids_are_stable_and_distinct(self) -> None:
        """The same item gets the same UID in any export; two items never share one."""
        again = to_icalendar(list(reversed(ITEMS)), stamp=date(2026, 1, 5))
        assert again == self.text
        uids = [x for x in self.text.split("\r\n") if x.startswith("UID:")]
        assert len(set(uids)) == 2

    def test_text_is_escaped_and_long_lines_fold_without_splitting_characters(self) -> None:
        """Commas and semicolons are escaped; a long multibyte name folds on character edges."""
        text = to_icalendar(ITEMS, stamp=date(2026, 1, 5), name="Échéances; équipe, " * 8)
        unfolded = text.replace("\r\n ", "")
        assert "X-WR-CALNAME:Échéances\\; équipe\\, " in unfolded
        for line in text.split("\r\n")[:-1]:
            assert len(line.encode("utf-8")) <= 75
            line.encode("utf-8").decode("utf-8")
