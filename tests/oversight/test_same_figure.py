"""The same person on the same date is shown the same figure by every reader: the case page, the
claim file, the letters and the portal's calculation, the API, and (summed) the dashboard and the
forecast. Here for the heirs of the demonstration's widow who died in 2021, the case the issue of a
heirs' table disagreeing with the creditors' table was found on."""

import pytest
from django.urls import reverse

from amends.core.clock import today
from amends.judgments.models import Creditor
from amends.letters.selectors import calculation
from amends.oversight.dashboard import dashboard
from amends.oversight.forecast import award_debts
from amends.payments import owed
from amends.payments import services as payments
from amends.payments.selectors import claim_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


def test_every_reader_gives_each_holder_the_same_figure(staff_client, demo):
    on = today()
    widow = Creditor.objects.get(
        award__case__number="2013다61381", relation="spouse", person__death_date__isnull=False
    )
    award = owed.awards().get(pk=widow.award_id)
    read = owed.award_owed(award=award, on=on)
    case_page = staff_client.get(reverse("cases:case_detail", args=["2013다61381"]))
    (item,) = [item for item, _holders in case_page.context["awards"] if item.award.pk == award.pk]
    api = staff_client.get(f"/api/awards/{award.pk}").json()
    api_rows = {row["id"]: row["outstanding"] for row in api["creditors"]}
    for row in read.rows():
        creditor = row.creditor
        claim = payments.claim_open(creditor=creditor, by=None)
        figures = {
            "read path": row.outstanding,
            "creditor_owed": owed.creditor_owed(creditor=creditor, on=on).outstanding,
            "case page": item.of(creditor).outstanding,
            "claim file": claim_file(claim=claim).owed_to_creditor,
            "letters and portal": calculation(claim=claim, on=on)["outstanding_won"],
            "api": api_rows[creditor.pk],
        }
        assert set(figures.values()) == {row.outstanding}, (creditor, figures)
    # the holders (one row a person) add up to the award, as the API, the totals and the forecast say
    assert (
        sum(h["amount"] for h in api["succession"]["holders"])
        == read.outstanding
        == api["owed"]["outstanding"]
    )
    assert owed.all_awards_owed(on=on)[award.pk].outstanding == read.outstanding
    assert sum(d.principal for d in owed.held_debts(on=on) if d.award_id == award.pk) == read.principal
    case_row = next(row for row in dashboard(on=on).cases if row.pk == award.case_id)
    assert case_row.totals.outstanding == sum(a.outstanding for a in owed.case_owed(case=award.case, on=on))
    assert len(award_debts(today=on)) == len(owed.held_debts(on=on))
