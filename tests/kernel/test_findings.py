"""RuleId, Severity, Finding and Report."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import Finding, InvalidValue, Report, RuleId, Severity
from medoffice.kernel._findings import made_finding, made_report
from medoffice.testing import findings, reports, rule_ids


def finding(
    rule: str, severity: str = "error", path: str = "", value: str | None = None
) -> Finding:
    return Finding(
        rule=rule, severity=severity, message=f"{rule} at {path}", path=path, value=value
    )


class TestRuleId:
    @pytest.mark.parametrize("text", ["CLM-DX-002", "NCCI-PTP-1-BYPASSED", "DX7", "X"])
    def test_well_formed_ids_are_accepted(self, text: str) -> None:
        """Upper-case letters and digits in dash-separated parts."""
        assert str(RuleId(text)) == text
        assert repr(RuleId(text)) == f"RuleId({text!r})"

    @pytest.mark.parametrize("text", ["", "clm-1", "1ABC", "A--B", "A-", "A B", None])
    def test_malformed_ids_are_refused(self, text: object) -> None:
        """Lower case, leading digits, empty parts and non-strings are refused."""
        with pytest.raises(InvalidValue):
            RuleId(text)  # type: ignore[arg-type]


class TestSeverity:
    def test_order_of_seriousness(self) -> None:
        """error is worse than warning, which is worse than info."""
        assert [s.rank for s in Severity] == [0, 1, 2]
        assert Severity.ERROR.at_least(Severity.WARNING)
        assert not Severity.INFO.at_least(Severity.WARNING)

    def test_findings_accept_severity_names(self) -> None:
        """'warning' converts; an unknown name is refused."""
        assert finding("A", "warning").severity is Severity.WARNING
        with pytest.raises(InvalidValue):
            finding("A", "fatal")


class TestReport:
    def test_ok_means_no_errors(self) -> None:
        """Warnings and infos do not spoil a report; one error does."""
        assert Report.of([finding("A", "warning"), finding("B", "info")]).ok
        assert not Report.of([finding("A", "error")]).ok
        assert Report().ok
        assert not Report()

    def test_order_is_errors_first_then_natural_path(self) -> None:
        """lines[2] sorts before lines[10]; errors before warnings."""
        report = Report.of(
            [
                finding("W", "warning", "lines[0]"),
                finding("E", "error", "lines[10]"),
                finding("E", "error", "lines[2]"),
            ]
        )
        assert [(f.rule.value, f.path) for f in report] == [
            ("E", "lines[2]"),
            ("E", "lines[10]"),
            ("W", "lines[0]"),
        ]

    def test_non_ascii_digits_in_paths_sort_as_text(self) -> None:
        """Superscripts and other non-ASCII digits never break the natural sort."""
        report = Report.of([finding("A", path="x\u00b9"), finding("A", path="x2"), finding("A")])
        assert [f.path for f in report] == ["", "x2", "x\u00b9"]

    def test_duplicates_are_dropped(self) -> None:
        """The same finding twice is reported once."""
        assert len(Report.of([finding("A"), finding("A")])) == 1

    def test_only_findings_are_accepted(self) -> None:
        """A report of something else is a programming error."""
        with pytest.raises(InvalidValue):
            Report.of(["A"])  # type: ignore[list-item]

    def test_merge_and_filters(self) -> None:
        """merge combines; filters select by severity, floor, rule and path prefix."""
        a = Report.of([finding("A", "error", "lines[1].modifiers[0]")])
        b = Report.of([finding("B", "warning", "lines[1]"), finding("C", "info", "lines[10]")])
        both = a + b
        assert len(both) == 3
        assert both == a.merge(b)
        assert [f.rule.value for f in both.filter(severity="warning")] == ["B"]
        assert [f.rule.value for f in both.filter(at_least=Severity.WARNING)] == ["A", "B"]
        assert [f.rule.value for f in both.filter(rules=["C", RuleId("A")])] == ["A", "C"]
        assert [f.rule.value for f in both.filter(path_prefix="lines[1]")] == ["A", "B"]
        assert len(both.filter(path_prefix="")) == 3
        assert both.errors == a.findings
        assert both.warnings == (b.findings[0],)

    def test_counts_and_json(self) -> None:
        """Counts by rule and severity, and a JSON-ready form."""
        report = Report.of([finding("B", "info"), finding("A"), finding("A", path="x")])
        assert report.count_by_rule() == {"A": 2, "B": 1}
        assert report.summary() == {"error": 2, "warning": 0, "info": 1}
        data = json.loads(json.dumps(report.to_dict()))
        assert data["ok"] is False
        assert data["findings"][0] == {
            "rule": "A",
            "severity": "error",
            "path": "",
            "message": "A at ",
            "value": None,
            "source": None,
        }

    @given(st.lists(findings(), max_size=15), st.randoms())
    def test_order_does_not_depend_on_input_order(self, items: list[Finding], rnd: object) -> None:
        """Shuffling the findings gives the same report."""
        shuffled = list(items)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        assert Report.of(items) == Report.of(shuffled)
        assert Report.of(items).to_dict() == Report.of(shuffled).to_dict()

    @given(reports(), reports())
    def test_merge_is_commutative_and_idempotent(self, a: Report, b: Report) -> None:
        """a + b == b + a, and a + a == a."""
        assert a + b == b + a
        assert a + a == a

    @pytest.mark.parametrize("field", ["value", "source"])
    def test_a_missing_and_an_empty_field_sort_in_one_order(self, field: str) -> None:
        """Findings equal but for a missing and an empty field: one order, whatever comes first."""

        def made(given: str | None) -> Finding:
            value, source = (given, "s") if field == "value" else ("v", given)
            return Finding(rule="A", severity="error", message="m", value=value, source=source)

        missing, empty = made(None), made("")
        assert missing != empty
        assert Report.of([empty, missing]).findings == (missing, empty)
        assert Report.of([missing, empty]) + Report.of([empty]) == Report.of([empty, missing])


class TestRuleIdIsItsString:
    """A rule id compares, hashes and serialises as its text."""

    @given(rule=rule_ids())
    def test_equal_to_its_text_and_serialised_as_it(self, rule: RuleId) -> None:
        """``rule == text``, same hash, and ``json.dumps`` writes the bare string."""
        text = rule.value
        assert rule == text
        assert hash(rule) == hash(text)
        assert json.dumps({"rule": rule}) == json.dumps({"rule": text})
        assert type(text) is str

    def test_a_finding_compares_with_a_plain_string(self) -> None:
        """``finding.rule == "DX-EXCLUDES1"`` is true; the report serialises to JSON."""
        finding = Finding(rule="DX-EXCLUDES1", severity="error", message="m", path="diagnoses")
        assert finding.rule == "DX-EXCLUDES1"
        assert json.loads(json.dumps(Report.of([finding]).findings[0].rule)) == "DX-EXCLUDES1"

    def test_it_survives_pickling_and_keeps_its_check(self) -> None:
        """A pickled rule id comes back a RuleId; bad text is still refused."""
        rule = RuleId("NCCI-PTP-1")
        again = pickle.loads(pickle.dumps(rule))
        assert (type(again), again) == (RuleId, rule)
        with pytest.raises(InvalidValue):
            RuleId("lower-case")


class TestMadeFindingsAndReports:
    @given(findings())
    def test_a_made_finding_equals_the_constructed_one(self, item: Finding) -> None:
        """made_finding gives the Finding the public constructor gives for the same fields."""
        made = made_finding(
            item.rule,
            item.severity,
            item.message,
            path=item.path,
            value=item.value,
            source=item.source,
        )
        assert made == item
        assert made.to_dict() == item.to_dict()
        assert hash(made) == hash(item)

    def test_a_made_finding_makes_its_value_a_string(self) -> None:
        """A value that is not a str is written as one, as the constructor does."""
        made = made_finding(
            RuleId("X"),
            Severity.INFO,
            "m",
            path="lines[0]",
            value=3,  # type: ignore[arg-type]
            source=None,
        )
        assert made.value == "3"

    @given(st.lists(findings(), max_size=6), st.sampled_from([(), (("A-B", "data"),)]))
    def test_a_made_report_equals_the_constructed_one(
        self, items: list[Finding], not_run: tuple[tuple[str, str], ...]
    ) -> None:
        """Duplicates dropped, the same order, the same not-run pairs."""
        made = made_report(items + items[:1], not_run)
        built = Report(tuple(items + items[:1]), not_run=not_run)
        assert made == built
        assert made.findings == built.findings
        assert made.to_dict() == built.to_dict()
