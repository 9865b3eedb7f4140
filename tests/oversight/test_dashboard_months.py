"""The dashboard's payments chart adds the foundation's payments up by month (the database groups
them by day, the dashboard by month: issue 14)."""

from datetime import date

import pytest

from amends.oversight.dashboard import dashboard
from tests.oversight.test_dashboard import living_victim, other_creditor, pay  # noqa: F401 (fixtures)
from tests.payments.test_claims import staff  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_two_payments_of_one_month_are_one_bar(living_victim, other_creditor, staff):  # noqa: F811
    # given two creditors of two cases paid on two days of April 2023
    first = pay(living_victim, staff, date(2023, 4, 14))
    second = pay(other_creditor, staff, date(2023, 4, 28))

    # when the dashboard is computed
    board = dashboard(on=date(2026, 1, 1))

    # then the chart has one month, April 2023, with both payments and their sum
    assert board.chart.months == [(date(2023, 4, 1), first.amount + second.amount, 2)]
    assert first.amount == 296_438_356
    assert board.totals.paid == first.amount + second.amount
