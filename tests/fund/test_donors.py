"""Donors and contributions: receipts post to the ledger, pledges do not, the demonstration loads
the donors of docs/law.md §1, and the donor's receipt is a PDF that says what was received."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from amends.core.pdf import pdf_text
from amends.demo.fund import load_fund_demo
from amends.fund import selectors, services
from amends.fund.models import Contribution, Donor, JournalEntry
from tests.conftest import data_file

pytestmark = pytest.mark.django_db


def test_a_receipt_posts_bank_and_contributions_a_pledge_posts_nothing(staff):
    # given a donor
    donor = services.donor_create(name="POSCO", by=staff["park"])
    # when a pledge and a restricted receipt are recorded
    pledge = services.contribution_record(
        donor=donor, kind="pledge", amount=10_000_000_000, on=date(2012, 3, 1), by=staff["park"]
    )
    services.contribution_record(
        donor=donor,
        kind="receipt",
        amount=4_000_000_000,
        on=date(2023, 3, 15),
        restricted=True,
        purpose="2018 Supreme Court awards",
        pledge=pledge,
        by=staff["park"],
    )
    # then only the receipt is in the ledger, as restricted contributions
    balances = {a.code: a.balance for a in selectors.trial_balance().accounts if a.debits or a.credits}
    assert balances == {"1000": 4_000_000_000, "4010": 4_000_000_000}
    assert JournalEntry.objects.get().source.startswith("contribution:")
    # and 6,000,000,000 won of the pledge is still to come
    assert selectors.pledges_outstanding() == 6_000_000_000


def test_bad_contributions_are_refused(staff):
    donor = services.donor_create(name="FKI", by=staff["park"])
    with pytest.raises(ValidationError, match="needs its amount"):
        services.contribution_record(donor=donor, kind="receipt", on=date(2025, 4, 1), by=staff["park"])
    with pytest.raises(ValidationError, match="restricted"):
        services.contribution_record(
            donor=donor, kind="receipt", amount=5, restricted=True, on=date(2025, 4, 1), by=staff["park"]
        )
    with pytest.raises(PermissionDenied):
        services.contribution_record(
            donor=donor, kind="receipt", amount=5, on=date(2025, 4, 1), by=staff["kim"]
        )
    assert not Contribution.objects.exists() and not JournalEntry.objects.exists()


def test_the_demonstration_loads_the_donors_of_its_data_once(db):
    # when the fund's demonstration is loaded twice, from the data the project ships
    assert load_fund_demo() == 5
    assert load_fund_demo(data_file("judgments.json")) == 0
    # then every donor of the data is there, each known amount received and posted once
    donations = json.loads(data_file("judgments.json").read_text())["donations"]
    assert set(Donor.objects.values_list("name", flat=True)) == {row["donor"] for row in donations}
    received = sum(row["amount"] for row in donations if row["amount"] is not None)
    assert received == 9_000_000_000
    tb = selectors.trial_balance()
    assert tb.balanced and {a.code: a.balance for a in tb.accounts}["1000"] == received
    # and AMCHAM Korea's undisclosed amount is a pledge without an amount
    amcham = Contribution.objects.get(donor__name="AMCHAM Korea")
    assert (amcham.kind, amcham.amount) == ("pledge", None)


def test_the_donor_receipt_pdf(client, staff):
    # given money received from POSCO
    donor = services.donor_create(name="POSCO", by=staff["park"])
    receipt = services.contribution_record(
        donor=donor, kind="receipt", amount=4_000_000_000, on=date(2023, 3, 15), by=staff["park"]
    )
    # when a finance officer opens the receipt, in English and in Korean
    client.force_login(staff["park"])
    english = client.get(f"/fund/contributions/{receipt.pk}/receipt.pdf?language=en")
    korean = client.get(f"/fund/contributions/{receipt.pk}/receipt.pdf?language=ko")
    # then it is a PDF naming the donor, the date and the amount
    assert english["Content-Type"] == "application/pdf"
    text = pdf_text(english.content)
    for expected in (
        "Receipt for a donation",
        "POSCO",
        "2023-03-15",
        "4,000,000,000",
        f"2023-{receipt.pk:05d}",
    ):
        assert expected in text
    assert "일제강제동원피해자지원재단" in pdf_text(korean.content)
