"""The data frames: columns, dtypes and values of each table, and the money rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from tests.plots import _samples as samples

from medoffice.claims import CheckedBatch
from medoffice.frames import (
    aging_frame,
    findings_frame,
    slots_frame,
    statuses_frame,
    variance_frame,
)
from medoffice.kernel import DateRange, InvalidArgument, Report
from medoffice.scheduling import open_slots


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in frame.dtypes.items()}


class TestTheFindingsFrame:
    def test_one_row_per_finding_with_categories_for_rule_and_severity(self) -> None:
        """Rule and severity are categories, severity ordered error first."""
        frame = findings_frame(samples.findings())
        assert list(frame.columns) == ["rule", "severity", "path", "value", "message", "source"]
        assert len(frame) == 5
        assert isinstance(frame["rule"].dtype, pd.CategoricalDtype)
        severity = frame["severity"].dtype
        assert isinstance(severity, pd.CategoricalDtype)
        assert severity.ordered
        assert list(severity.categories) == ["error", "warning", "info"]
        assert frame["rule"].value_counts()["CLM-DX-002"] == 3
        warning = frame[frame["severity"] == "warning"].iloc[0]
        assert (warning["rule"], warning["path"], warning["value"]) == ("CLM-POS-001", "pos", "99")

    def test_several_reports_are_keyed_by_the_callers_claim_ids(self) -> None:
        """A mapping adds a first column, claim, with its keys."""
        frame = findings_frame({"c-1": samples.findings(), "c-2": Report()})
        assert frame.columns[0] == "claim"
        assert set(frame["claim"]) == {"c-1"}

    def test_a_checked_batch_is_keyed_by_position_never_by_patient_data(self) -> None:
        """The batch's claims carry patient data; the frame keeps only their positions."""
        claim = object()
        batch = CheckedBatch(
            results=((claim, Report()), (claim, samples.findings())),  # type: ignore[arg-type]
            recorded=2,
            held=0,
        )
        frame = findings_frame(batch)
        assert set(frame["claim"]) == {1}
        assert list(frame.columns) == [
            "claim",
            "rule",
            "severity",
            "path",
            "value",
            "message",
            "source",
        ]

    def test_an_empty_report_is_an_empty_frame_with_the_columns(self) -> None:
        """No finding, no row; the columns are still there to filter on."""
        frame = findings_frame(Report())
        assert frame.empty
        assert "rule" in frame.columns

    def test_something_else_is_refused(self) -> None:
        """A list is not a report."""
        with pytest.raises(InvalidArgument):
            findings_frame([])  # type: ignore[arg-type]


class TestTheSlotsFrame:
    def test_one_row_per_slot_with_utc_instants_and_the_wall_clock_label(self) -> None:
        """Start and end are UTC datetimes; provider and type are categories."""
        slots = open_slots(
            samples.snapshot(),
            type_code="FU",
            provider="dr-b",
            days=DateRange.single(samples.MONDAY + timedelta(days=7)),
            now=datetime(2026, 3, 1, tzinfo=UTC),
        )
        frame = slots_frame(slots)
        assert dtypes(frame) == {
            "provider": "category",
            "type_code": "category",
            "start": "datetime64[ns, UTC]",
            "end": "datetime64[ns, UTC]",
            "wall": "object",
            "zone": "category",
            "resources": "object",
            "fragments": "int64",
        }
        assert len(frame) == len(slots) > 0
        first = frame.iloc[0]
        assert first["start"] == pd.Timestamp(slots[0].start)
        assert first["end"] - first["start"] == pd.Timedelta(minutes=30)
        assert first["wall"] == "09:00"

    def test_no_slot_is_an_empty_frame_with_the_columns(self) -> None:
        """The dtypes hold for no rows as well."""
        frame = slots_frame([])
        assert frame.empty
        assert str(frame["start"].dtype) == "datetime64[ns, UTC]"


class TestTheStatusesFrame:
    def test_one_row_per_staff_member_and_requirement_with_days_as_datetimes(self) -> None:
        """Standing is ordered from not required to undecidable; days are datetime64."""
        frame = statuses_frame(samples.statuses())
        assert list(frame["staff"]) == ["S-1", "S-1", "S-2", "S-2"]
        assert list(frame["requirement"]) == ["state_license/NY", "bls"] * 2
        assert list(frame["standing"]) == ["satisfied", "satisfied", "in_grace", "missing"]
        standing = frame["standing"].dtype
        assert isinstance(standing, pd.CategoricalDtype)
        assert standing.ordered
        assert frame["standing"].max() == "missing"
        assert list(frame["expiring"]) == [False, True, False, False]
        assert str(frame["valid_through"].dtype) == "datetime64[ns]"
        assert frame.loc[1, "valid_through"] == pd.Timestamp("2026-07-31")
        assert frame.loc[2, "window_first"] == pd.Timestamp("2026-06-16")
        assert frame["valid_through"].isna().tolist() == [False, False, False, True]

    def test_only_the_staff_ids_given_appear(self) -> None:
        """No name or birth date column: the caller's keys are the only people column."""
        frame = statuses_frame(samples.statuses())
        assert not {"name", "birth_date"} & set(frame.columns)


class TestTheVarianceFrame:
    def test_one_row_per_cell_with_the_account_and_its_dimensions(self) -> None:
        """Account, name and type, one column per dimension, the period."""
        frame = variance_frame(samples.variance())
        supplies = frame[frame["account"] == "6100"]
        assert list(supplies["period"]) == [1, 2, 3, 4]
        assert set(supplies["account_name"]) == {"Supplies"}
        assert set(supplies["account_type"]) == {"expense"}
        assert {"cost_centre", "location", "provider", "service_line", "payer"} <= set(
            frame.columns
        )
        assert str(frame["cost_centre"].dtype) == "category"
        assert str(frame["favourable"].dtype) == "boolean"

    def test_by_default_money_stays_exact_as_decimal(self) -> None:
        """Budget, actual and variance are Decimals in object columns; unset budget is None."""
        frame = variance_frame(samples.variance())
        supplies = frame[frame["account"] == "6100"].reset_index(drop=True)
        assert str(supplies["actual"].dtype) == "object"
        assert list(supplies["actual"]) == [Decimal("120.00"), Decimal("80.00"), 0, 0]
        assert all(type(v) is Decimal for v in supplies["actual"])
        assert list(supplies["variance"]) == [Decimal("20.00"), Decimal("-20.00"), -100, -100]
        assert supplies["actual"].sum() == Decimal("200.00")
        assert list(supplies["percent"][:2]) == [Decimal("20.00"), Decimal("-20.00")]
        assert list(supplies["favourable"]) == [False, True, True, True]
        cash = frame[frame["account"] == "1000"]
        assert all(v is None for v in cash["budget"])
        assert set(frame["currency"]) == {"USD"}

    def test_money_as_float_converts_amounts_to_float64(self) -> None:
        """For charts and statistics: float64, NaN where the budget is unset."""
        frame = variance_frame(samples.variance(), money="float")
        for column in ("budget", "actual", "variance", "percent"):
            assert str(frame[column].dtype) == "float64"
        supplies = frame[frame["account"] == "6100"]
        assert list(supplies["actual"]) == [120.0, 80.0, 0.0, 0.0]
        assert frame[frame["account"] == "1000"]["budget"].isna().all()

    def test_an_unknown_money_rule_is_refused(self) -> None:
        """Only "decimal" and "float" are rules."""
        with pytest.raises(InvalidArgument):
            variance_frame(samples.variance(), money="cents")  # type: ignore[arg-type]


class TestTheAgingFrame:
    def test_long_form_one_row_per_key_and_bucket_in_bucket_order(self) -> None:
        """Five ordered buckets per payer; the amounts exact; as_of a datetime."""
        frame = aging_frame(samples.aging())
        assert len(frame) == 10
        assert list(frame["bucket"][:5]) == ["0-30", "31-60", "61-90", "91-120", "121+"]
        assert frame["bucket"].dtype == pd.CategoricalDtype(
            ["0-30", "31-60", "61-90", "91-120", "121+"], ordered=True
        )
        p1 = frame[frame["key"] == "P1"].set_index("bucket")["amount"]
        assert (p1["0-30"], p1["31-60"], p1["121+"]) == (
            Decimal("100.00"),
            Decimal("50.50"),
            Decimal("0.00"),
        )
        assert set(frame["as_of"]) == {pd.Timestamp(samples.AS_OF)}
        assert str(frame["as_of"].dtype) == "datetime64[ns]"

    def test_pivoting_gives_the_wide_table_and_float_money_sums(self) -> None:
        """The familiar payer x bucket table is one pivot away."""
        frame = aging_frame(samples.aging(), money="float")
        wide = frame.pivot(index="key", columns="bucket", values="amount")
        assert wide.loc["P2", "121+"] == 200.0
        assert wide.loc["P1"].sum() == pytest.approx(150.5)
