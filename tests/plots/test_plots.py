"""The pictures: what each function draws, checked on its artists (bars, cells, lines, labels)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib import pyplot
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.dates import date2num as _date2num
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from tests.plots import _samples as samples

from medoffice.kernel import DateRange, InvalidArgument
from medoffice.plots import (
    COLOURS,
    budget_chart,
    expiry_timeline,
    pareto_chart,
    utilisation_heatmap,
)

date2num: Callable[[date], float] = _date2num
TWO_WEEKS = DateRange(samples.MONDAY, samples.MONDAY + timedelta(days=13))
NAN = math.nan


def cells(ax: Axes) -> list[list[float]]:
    """The heat map's values (NaN where blank)."""
    values: list[list[float]] = np.ma.filled(
        np.ma.asarray(ax.images[0].get_array(), dtype=float), np.nan
    ).tolist()
    return values


def xs(line: Line2D) -> list[float]:
    found: list[float] = np.asarray(line.get_xdata(), dtype=float).tolist()
    return found


def ys(line: Line2D) -> list[float]:
    found: list[float] = np.asarray(line.get_ydata(), dtype=float).tolist()
    return found


def same(found: list[list[float]], expected: list[list[float]]) -> bool:
    return np.allclose(np.array(found), np.array(expected), equal_nan=True)


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def tick_labels(ax: Axes, axis: str = "x") -> list[str]:
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks]


class TestTheUtilisationHeatMap:
    def test_one_cell_per_provider_and_open_day_holding_the_fill_rate(self) -> None:
        """Days nobody is open are left out; a provider closed on a shown day is blank."""
        ax = utilisation_heatmap(samples.snapshot(), days=TWO_WEEKS, providers=["dr-a", "dr-b"])
        assert tick_labels(ax) == ["02", "03", "09", "10"]
        assert tick_labels(ax, "y") == ["dr-a", "dr-b"]
        assert same(cells(ax), [[0.5, 0.25, 0.25, 0.0], [1.0, NAN, 0.0, NAN]])

    def test_utilisation_counts_only_visits_that_took_place(self) -> None:
        """A booked visit not yet attended fills the day but does not use it."""
        ax = utilisation_heatmap(
            samples.snapshot(), days=TWO_WEEKS, providers=["dr-a"], measure="utilisation"
        )
        assert same(cells(ax), [[0.5, 0.0, 0.25, 0.0]])

    def test_by_week_the_cells_are_the_weeks_rates(self) -> None:
        """Each week's booked minutes over its open minutes, labelled by the week's first day."""
        ax = utilisation_heatmap(
            samples.snapshot(), days=TWO_WEEKS, providers=["dr-a", "dr-b"], by="week"
        )
        assert tick_labels(ax) == ["03-02", "03-09"]
        assert same(cells(ax), [[0.375, 0.125], [1.0, 0.0]])

    def test_small_maps_print_each_rate_in_its_cell(self) -> None:
        """The percentages are written on the open cells only."""
        ax = utilisation_heatmap(samples.snapshot(), days=TWO_WEEKS, providers=["dr-b"])
        assert [t.get_text() for t in ax.texts] == ["100%", "0%"]

    def test_it_draws_on_the_axes_it_is_given(self) -> None:
        """A picture can be one panel of the caller's figure."""
        _, (left, right) = pyplot.subplots(1, 2)
        drawn = utilisation_heatmap(
            samples.snapshot(), days=TWO_WEEKS, providers=["dr-a"], ax=right
        )
        assert drawn is right
        assert len(right.images) == 1
        assert not left.images

    def test_an_open_ended_range_or_unknown_option_is_refused(self) -> None:
        """A heat map over every future day cannot be drawn; a misspelt option is named."""
        with pytest.raises(InvalidArgument):
            utilisation_heatmap(
                samples.snapshot(), days=DateRange.starting(samples.MONDAY), providers=["dr-a"]
            )
        with pytest.raises(InvalidArgument):
            utilisation_heatmap(
                samples.snapshot(),
                days=TWO_WEEKS,
                providers=["dr-a"],
                by="month",  # type: ignore[arg-type]
            )


class TestTheBudgetChart:
    def test_budget_bars_for_every_period_and_actual_bars_for_the_closed_ones(self) -> None:
        """Four budget bars, then two actual bars, at their amounts."""
        ax = budget_chart(samples.variance(), "6100", forecasts=samples.forecasts())
        heights = [b.get_height() for b in bars(ax)]
        assert heights == [100.0, 100.0, 100.0, 100.0, 120.0, 80.0]
        assert tick_labels(ax) == ["1", "2", "3", "4"]
        assert ax.get_ylabel() == "USD"

    def test_the_forecasts_spread_over_the_open_periods_as_a_median_line_in_a_band(self) -> None:
        """Remaining 200, 200 and 160 split by budget over periods 3 and 4: median 100, band
        80 to 100."""
        ax = budget_chart(samples.variance(), "6100", forecasts=samples.forecasts())
        (line,) = ax.lines
        assert xs(line) == pytest.approx([3.2, 4.2])
        assert ys(line) == pytest.approx([100.0, 100.0])
        (band,) = ax.collections
        vertices: list[list[float]] = np.asarray(band.get_paths()[0].vertices).tolist()
        heights = {round(y, 2) for _, y in vertices}
        assert heights == {80.0, 100.0}

    def test_without_forecasts_the_closed_periods_are_those_with_actuals(self) -> None:
        """No line and no band; actual bars up to the last period with an amount."""
        ax = budget_chart(samples.variance(), "6100")
        assert [b.get_height() for b in bars(ax)] == [100.0] * 4 + [120.0, 80.0]
        assert not ax.lines
        assert not ax.collections

    def test_an_account_the_report_does_not_hold_is_refused(self) -> None:
        """A misspelt account is a clear error, not an empty chart."""
        with pytest.raises(InvalidArgument, match="6999"):
            budget_chart(samples.variance(), "6999")


class TestTheExpiryTimeline:
    def test_one_row_per_staff_member_and_requirement(self) -> None:
        """Rows read staff id and requirement, top to bottom in the mapping's order."""
        ax = expiry_timeline(samples.statuses(), as_of=samples.AS_OF)
        assert tick_labels(ax, "y") == [
            "S-1 · state_license/NY",
            "S-1 · bls",
            "S-2 · state_license/NY",
            "S-2 · bls",
        ]

    def test_bars_run_from_the_day_to_the_last_valid_day_coloured_by_state(self) -> None:
        """In force to the horizon, expiring 31 days ahead, in grace 15 days behind."""
        ax = expiry_timeline(samples.statuses(), as_of=samples.AS_OF)
        drawn = bars(ax)
        assert [to_hex(b.get_facecolor()) for b in drawn] == [
            COLOURS["in force"],
            COLOURS["expiring"],
            COLOURS["in grace"],
        ]
        assert [round(b.get_width()) for b in drawn] == [365, 31, -15]
        assert {b.get_x() for b in drawn} == {date2num(samples.AS_OF)}

    def test_a_missing_credential_is_a_cross_on_the_line_of_the_day(self) -> None:
        """The missing BLS of S-2 is marked at the day, on its row, and the day has its line."""
        ax = expiry_timeline(samples.statuses(), as_of=samples.AS_OF)
        today = date2num(samples.AS_OF)
        crosses = [line for line in ax.lines if line.get_marker() == "x"]
        assert [(xs(c), ys(c)) for c in crosses] == [([today], [3])]
        (day_line,) = [line for line in ax.lines if line.get_linestyle() == "--"]
        assert xs(day_line) == [today, today]

    def test_the_legend_names_every_state(self) -> None:
        """The colours are explained, whether or not each state occurs."""
        ax = expiry_timeline({}, as_of=samples.AS_OF)
        legend = ax.get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == list(COLOURS)


def cumulative(ax: Axes) -> list[float]:
    share = next(other for other in ax.get_shared_x_axes().get_siblings(ax) if other is not ax)
    (line,) = [line for line in share.lines if line.get_marker() == "o"]
    return [round(v, 1) for v in ys(line)]


class TestTheParetoChart:
    def test_findings_are_counted_by_rule_largest_first_with_the_cumulative_share(self) -> None:
        """Three, one and one findings: 60, 80 and 100 per cent."""
        ax = pareto_chart(samples.findings())
        assert [b.get_height() for b in bars(ax)] == [3, 1, 1]
        assert tick_labels(ax) == ["CLM-DX-002", "CLM-NPI-001", "CLM-POS-001"]
        assert cumulative(ax) == [60.0, 80.0, 100.0]

    def test_several_reports_add_up(self) -> None:
        """A batch's reports are counted together, duplicates across claims included."""
        ax = pareto_chart([samples.findings(), samples.findings()])
        assert [b.get_height() for b in bars(ax)] == [6, 2, 2]

    @pytest.mark.parametrize(
        ("by", "labels", "counts", "shares"),
        [
            (
                "category",
                ["coding", "eligibility", "missing_information"],
                [3, 2, 1],
                [50.0, 83.3, 100.0],
            ),
            ("reason", ["97", "27", "16"], [3, 2, 1], [50.0, 83.3, 100.0]),
            ("claims_rule", ["(none)", "CLM-NCCI-001"], [4, 2], [66.7, 100.0]),
        ],
    )
    def test_denials_are_counted_by_the_key_asked_for(
        self, by: str, labels: list[str], counts: list[int], shares: list[float]
    ) -> None:
        """By category, CARC reason or the claim rule that would have caught them."""
        ax = pareto_chart(samples.denials(), by=by)  # type: ignore[arg-type]
        assert tick_labels(ax) == labels
        assert [b.get_height() for b in bars(ax)] == counts
        assert cumulative(ax) == shares

    def test_top_keeps_the_largest_and_sums_the_rest_as_other(self) -> None:
        """The tail is one bar, so the line still ends at 100 per cent."""
        ax = pareto_chart(samples.denials(), top=1)
        assert tick_labels(ax) == ["coding", "other"]
        assert [b.get_height() for b in bars(ax)] == [3, 3]
        assert cumulative(ax) == [50.0, 100.0]

    def test_a_mapping_is_taken_as_the_counts(self) -> None:
        """Counts made elsewhere are drawn as given (zeros left out)."""
        ax = pareto_chart({"b": 1, "a": 3, "c": 0}, title="Mine")
        assert tick_labels(ax) == ["a", "b"]
        assert ax.get_title() == "Mine"

    def test_nothing_to_count_draws_no_bar_and_says_so(self) -> None:
        """An empty report is a chart with a note, not an error."""
        ax = pareto_chart(samples.findings().__class__())
        assert not bars(ax)
        assert [t.get_text() for t in ax.texts] == ["nothing to count"]

    def test_something_else_is_refused(self) -> None:
        """A list of strings is neither reports nor denials."""
        with pytest.raises(InvalidArgument, match="str"):
            pareto_chart(["CLM-DX-002"])  # type: ignore[arg-type]
