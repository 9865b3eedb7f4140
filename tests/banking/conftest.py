"""The fund's small fixtures: a case of two living victims, staff in every role."""

from datetime import date

import pytest

from tests.fund.conftest import _english, case, creditors, staff  # noqa: F401 (fixtures)

# The day the fixtures' payments are approved for (tests.fund.conftest.approved_claim).
BANK_TODAY = date(2023, 4, 14)


@pytest.fixture(autouse=True)
def _bank_today(monkeypatch):
    # A batch may not ask for an execution date in the past: the fixtures' payments are planned for
    # 2023-04-14, so the batch service's today is that day.
    monkeypatch.setattr("amends.banking.services.batches.today", lambda: BANK_TODAY)
