"""The dashboard's and the forecast's charts in Chromium, under the site's Content-Security-Policy:
drawn with their axes, one month as a narrow bar, and nothing refused (the page fixture fails a test
on any error the browser reports, a CSP violation among them)."""

from datetime import date

import pytest

from tests.oversight.test_dashboard import pay
from tests.payments.test_claims import staff  # noqa: F401 (a fixture)
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


def test_the_charts_draw_under_the_content_security_policy(page, live_server, demo, staff, django_user_model):  # noqa: F811
    # given one payment, in April 2023, and an executive
    from amends.judgments.models import Award

    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    pay(award.creditors.get(), staff, date(2023, 4, 14))
    user = django_user_model.objects.create_user(username="exec", password=PASSWORD, is_staff=True)
    grant(user, "executive")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill("exec")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)

    # when they open the dashboard
    response = page.goto(f"{live_server.url}/claims/dashboard/")
    assert "script-src" in response.headers["content-security-policy"]

    # then the payments chart shows the month under one bar, a small part of the plot's width
    chart = page.locator("svg[data-testid=payments-chart]")
    chart.wait_for()
    assert chart.locator(".x-axis text.tick").all_text_contents() == ["2023-04"]
    assert chart.locator(".y-axis text.tick").first.text_content() == "0"
    bar, plot = chart.locator("rect").bounding_box(), chart.bounding_box()
    assert bar["width"] < plot["width"] / 10
    assert bar["height"] > plot["height"] / 2

    # and the forecast draws its years and both lines
    page.goto(f"{live_server.url}/fund/forecast/?horizon_years=10")
    forecast = page.locator("svg[data-testid=forecast-chart]")
    assert len(forecast.locator(".x-axis text.tick").all_text_contents()) >= 9
    assert forecast.locator("polyline").count() == 2
