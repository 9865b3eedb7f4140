"""Charts drawn on the server (amends.core.charts): axes with ticks and labels a reader can read, a
title and a description for a screen reader, one month as a bar rather than a block, and nothing the
Content-Security-Policy would refuse (no inline style or script)."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from lxml import etree

from amends.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> etree._Element:
    return etree.fromstring(render_to_string("core/_chart.html", {"chart": chart}).encode())


def texts(svg, group: str) -> list[str]:
    return [t.text for t in svg.iterfind(f".//{SVG}g[@class='axis {group}']/{SVG}text[@class='tick']")]


def test_one_month_is_a_labelled_bar_on_axes_with_round_ticks():
    # given one month of payments
    chart = charts.month_bars(
        [(date(2024, 3, 1), 150_000_000)],
        id="payments-chart",
        title="Payments per month",
        desc="1 month with payments, 2024-03, 150,000,000 won",
        x_label="Month",
        y_label="won",
    )

    # when it is drawn
    svg = parse(chart)

    # then the month is labelled under its bar, the amounts from 0 to a round 150,000,000 in won
    assert texts(svg, "x-axis") == ["2024-03"]
    assert texts(svg, "y-axis") == ["0", "50,000,000", "100,000,000", "150,000,000"]
    # and the bar is a bar: at most 40 of the 592 units of the plot's width, centred under its label
    (bar,) = svg.iterfind(f".//{SVG}rect")
    assert float(bar.get("width")) == charts.MAX_BAR
    assert float(bar.get("x")) + charts.MAX_BAR / 2 == pytest.approx(
        (charts.LEFT + charts.WIDTH - charts.RIGHT) / 2
    )
    assert bar.findtext(f"{SVG}title") == "2024-03: 150,000,000"
    # its top at the top tick: the whole amount
    assert float(bar.get("y")) == pytest.approx(chart.top)
    # and a screen reader gets the title, the description and the axes' names
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "payments-chart-title payments-chart-desc"
    assert svg.findtext(f"{SVG}title") == "Payments per month"
    assert svg.findtext(f"{SVG}desc") == "1 month with payments, 2024-03, 150,000,000 won"
    labels = [t.text for t in svg.iterfind(f".//{SVG}text[@class='axis-label']")]
    assert labels == ["won", "Month"]


def test_months_over_several_years_are_labelled_by_year():
    # given payments from 2021-11 to 2024-02, not every month
    months = [(date(2021, 11, 1), 30_000_000), (date(2023, 6, 1), 120_000_000), (date(2024, 2, 1), 5_000)]

    # when they are drawn
    svg = parse(charts.month_bars(months, id="c", title="t", desc="d", x_label="Month", y_label="won"))

    # then the axis names the first month's year and each January's, and there is a bar per month paid
    assert texts(svg, "x-axis") == ["2021", "2022", "2023", "2024"]
    assert texts(svg, "y-axis") == [
        "0",
        "25,000,000",
        "50,000,000",
        "75,000,000",
        "100,000,000",
        "125,000,000",
    ]
    assert len(svg.findall(f".//{SVG}rect")) == 3


def test_a_forecast_over_years_has_year_ticks_both_lines_and_the_day_the_money_runs_out():
    # given two series by quarter over ten years, 2026-01 to 2035-10, the money running out in 2031
    days = [date(2026 + q // 4, q % 4 * 3 + 1, 1) for q in range(40)]
    owed = [(day, 1_000_000_000 + 25_000_000 * i) for i, day in enumerate(days)]
    funds = [(day, 2_000_000_000 - 10_000_000 * i) for i, day in enumerate(days)]

    # when they are drawn
    chart = charts.date_lines(
        [("owed", "#c0392b", False, owed), ("money", "#0172ad", True, funds)],
        id="forecast-chart",
        title="Owed and held over time",
        desc="two lines",
        x_label="Date",
        y_label="won",
        marker=(date(2031, 6, 1), "The money runs out"),
    )
    svg = parse(chart)

    # then each year is a tick on the date axis, the amounts run from 0 past the peak of 2 billion
    assert texts(svg, "x-axis") == [str(year) for year in range(2026, 2036)]
    assert texts(svg, "y-axis") == ["0", "500,000,000", "1,000,000,000", "1,500,000,000", "2,000,000,000"]
    # both lines with a point per date, the second dashed, each point saying its figure
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2 and lines[1].get("stroke-dasharray") and not lines[0].get("stroke-dasharray")
    circles = svg.findall(f".//{SVG}circle")
    assert len(circles) == 80
    assert circles[0].findtext(f"{SVG}title") == "owed 2026-01-01: 1,000,000,000"
    # and the day the money runs out is marked and named
    assert svg.findtext(f".//{SVG}g[@class='marker']/{SVG}text") == "The money runs out"


def test_a_single_date_is_a_point_in_the_middle():
    svg = parse(
        charts.date_lines(
            [("owed", "#000", False, [(date(2026, 1, 1), 7)])],
            id="c",
            title="t",
            desc="d",
            x_label="",
            y_label="",
        )
    )
    (circle,) = svg.iterfind(f".//{SVG}circle")
    assert float(circle.get("cx")) == (charts.LEFT + charts.WIDTH - charts.RIGHT) / 2


def test_the_svg_holds_nothing_the_content_security_policy_refuses():
    # given a chart with bars and one with lines
    for chart in (
        charts.month_bars([(date(2024, 3, 1), 1)], id="a", title="t", desc="d", x_label="", y_label=""),
        charts.date_lines(
            [("o", "#000", True, [(date(2024, 3, 1), 1), (date(2025, 3, 1), 2)])],
            id="b",
            title="t",
            desc="d",
            x_label="",
            y_label="",
        ),
    ):
        svg = parse(chart)
        # then it has no style attribute, no <style>, no <script> and no event handler
        elements = list(svg.iter(etree.Element))
        assert not [e for e in elements if "style" in e.attrib or any(a.startswith("on") for a in e.attrib)]
        assert not svg.findall(f".//{SVG}style") and not svg.findall(f".//{SVG}script")


@pytest.mark.parametrize(
    ("peak", "top", "step"),
    [(1, 1, 1), (7, 8, 2), (150_000_000, 150_000_000, 50_000_000), (123_456_789, 125_000_000, 25_000_000)],
)
def test_the_amount_axis_ends_on_a_round_number(peak, top, step):
    assert charts.nice_ceiling(peak) == (top, step)
