"""The dashboard's and the forecast's charts as the pages draw them: axes with ticks and labels in
won and dates, a title and a description, and the figures in a table beside them."""

import re
from datetime import date

import pytest
from django.urls import reverse
from lxml import etree, html

from tests.oversight.test_dashboard import living_victim, pay, user_with  # noqa: F401 (fixtures)
from tests.payments.test_claims import staff  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def chart(page: str, testid: str) -> etree._Element:
    """The page's <svg data-testid=…>, parsed as the XML it is."""
    (svg,) = re.findall(rf'<svg[^>]*data-testid="{testid}".*?</svg>', page, re.S)
    return etree.fromstring(svg.encode())


def ticks(svg, axis: str) -> list[str]:
    return [t.text for t in svg.iterfind(f".//{SVG}g[@class='axis {axis}']/{SVG}text[@class='tick']")]


def test_the_dashboard_draws_one_month_of_payments_as_one_bar_with_its_axes(
    client,
    django_user_model,
    living_victim,  # noqa: F811
    staff,  # noqa: F811
):
    # given one payment, in April 2023
    payment = pay(living_victim, staff, date(2023, 4, 14))
    client.force_login(user_with(django_user_model, "exec", "executive"))

    # when an executive opens the dashboard, in English
    page = client.get(reverse("oversight:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then the chart has the month under one bar, and the amount axis in won up past the payment
    svg = chart(page, "payments-chart")
    assert ticks(svg, "x-axis") == ["2023-04"]
    amounts = [int(label.replace(",", "")) for label in ticks(svg, "y-axis")]
    assert amounts[0] == 0 and amounts[-2] < payment.amount <= amounts[-1]
    (bar,) = svg.iterfind(f".//{SVG}rect")
    assert float(bar.get("width")) <= 40
    assert bar.findtext(f"{SVG}title") == f"2023-04: {payment.amount:,}"
    # a title and a description a screen reader reads, naming the month and the total
    assert svg.findtext(f"{SVG}title") == "Payments by the foundation per month"
    assert svg.findtext(f"{SVG}desc") == (
        f"1 month with payments, 2023-04, {payment.amount:,} won; the table below gives it."
    )
    # and the table gives the same figure
    table = html.fromstring(page).get_element_by_id("chart-heading").getparent()
    assert f"{payment.amount:,}" in table.xpath("string(.//table[@data-testid='payments-per-month'])")


def test_the_forecast_draws_years_on_its_date_axis(client, django_user_model, demo):
    # given the demonstration's awards
    client.force_login(user_with(django_user_model, "exec", "executive"))

    # when an executive asks for a ten-year forecast, in English
    page = client.get(reverse("oversight:forecast"), {"horizon_years": "10"}, HTTP_ACCEPT_LANGUAGE="en")

    # then the date axis is labelled with the years, the amount axis in won from 0
    svg = chart(page.content.decode(), "forecast-chart")
    years = ticks(svg, "x-axis")
    assert len(years) >= 9 and all(re.fullmatch(r"20\d\d", year) for year in years)
    assert years == sorted(years)
    amounts = ticks(svg, "y-axis")
    assert amounts[0] == "0" and all(re.fullmatch(r"\d{1,3}(,\d{3})*", a) for a in amounts)
    assert svg.findtext(f"{SVG}title") == "Owed and held over time"
    assert svg.findtext(f"{SVG}desc").startswith("Two lines from ")
    assert [t.text for t in svg.iterfind(f".//{SVG}text[@class='axis-label']")] == ["won", "Date"]
