"""Money in the right hands: a creditor's death moves the claim to the heirs; amounts and dates are
checked where money moves; letters say what happened."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from amends.core.clock import today
from amends.fund.models import JournalEntry
from amends.judgments.models import Award, Creditor
from amends.letters import services as letters
from amends.payments import services
from amends.payments.models import ClaimEntry, CourtDeposit, Payment, PaymentProposal
from amends.payments.owed import award_holders, award_owed, awards, creditor_owed, holders
from tests.payments.test_claims import (
    staff,  # noqa: F401  (a fixture)
    verified_claim,
)
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def hiroshima(demo):
    """A Hiroshima award whose victim left a widow and four children, all alive and creditors."""
    award = next(
        a
        for a in Award.objects.filter(case__number="2013다67587")
        if a.creditors.filter(relation="child").count() == 4
    )
    return award


def counts():
    return (
        Payment.objects.count(),
        PaymentProposal.objects.filter(status="paid").count(),
        CourtDeposit.objects.count(),
        JournalEntry.objects.count(),
        ClaimEntry.objects.count(),
    )


def approve(claim, staff, *, amount=None, reason=""):  # noqa: F811
    services.payment_propose(
        claim=claim, planned_on=today(), by=staff["kim"], amount=amount, partial_reason=reason
    )
    services.payment_approve(claim=claim, by=staff["choi"])
    return claim.proposals.get(status="approved")


@override("en")
def test_a_creditor_who_dies_with_a_payment_in_flight_passes_the_claim_to_the_heirs(hiroshima, staff):  # noqa: F811
    # given a child of the victim, whose payment is approved, and whose mother is their sole heir
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first()
    mother = hiroshima.creditors.get(relation="spouse")
    claim = verified_claim(child, staff)
    proposal = approve(claim, staff)
    before = award_owed(award=awards().get(pk=hiroshima.pk), on=today())

    # when the child's death is recorded
    (handed,) = services.death_record(by=staff["kim"], person=child.person, died_on=today())

    # then the payment in flight is stopped, with the reason, and the child's file is closed
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert handed.stopped == [proposal.pk]
    claim.refresh_from_db()
    assert claim.state == "passed_to_heirs"
    entry = claim.entries.get(event="creditor_died")
    assert entry.facts["died_on"] == today().isoformat()
    assert entry.facts["stopped_proposals"] == [proposal.pk]
    assert "died on" in entry.facts["reason"]
    # and the mother holds the child's part as an heir, with a claim file of her own
    (heir,) = Creditor.objects.filter(succeeds=child)
    assert (heir.person, heir.share, heir.relation) == (mother.person, child.share, "heir")
    assert heir.claim.state == "identified"
    # what the award owes is unchanged; who holds it is not
    after = award_owed(award=awards().get(pk=hiroshima.pk), on=today())
    assert after.outstanding == before.outstanding
    assert after.of(child).outstanding == after.of(heir).outstanding == before.of(child).outstanding
    held = {h.person.pk: h.amount for h in holders(after)}
    assert child.person.pk not in held
    assert held[mother.person.pk] == before.of(mother).outstanding + before.of(child).outstanding
    assert sum(held.values()) == after.outstanding

    # and nothing more is done for the dead child: not paid, proposed, offered a letter or deposited
    written = counts()
    with pytest.raises(ValidationError, match="died on"):
        services.payment_confirm(
            claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-1", by=staff["park"]
        )
    with pytest.raises(ValidationError, match=r"passes to the heirs|file is closed"):
        services.claim_record(
            claim=claim,
            event="propose_payment",
            by=staff["kim"],
            facts={"planned_payment_date": today().isoformat()},
        )
    with pytest.raises(ValidationError, match="letters go to the heirs"):
        letters.letter_send(claim=claim, kind="offer", language="en", by=staff["kim"])
    assert counts() == written


@override("en")
def test_a_payment_made_before_the_death_stands_and_is_deducted_from_the_heirs_parts(hiroshima, staff):  # noqa: F811
    # given a child paid part of their claim (a decision with its reason, approved by another)
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first()
    owed = creditor_owed(creditor=child, on=today()).outstanding
    claim = verified_claim(child, staff)
    proposal = approve(claim, staff, amount=10_000_000, reason="funds short this quarter")
    assert claim.entries.get(event="propose_payment").facts | {"proposal": None} == {
        "planned_payment_date": today().isoformat(),
        "amount": 10_000_000,
        "owed": owed,
        "partial_reason": "funds short this quarter",
        "proposal": None,
    }
    services.payment_confirm(
        claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-P1", by=staff["park"]
    )
    left = creditor_owed(creditor=child, on=today()).outstanding
    assert left == owed - 10_000_000

    # when the child dies
    services.death_record(by=staff["kim"], person=child.person, died_on=today())

    # then the payment stands, and the heir holds what was left, to the won
    (heir,) = Creditor.objects.filter(succeeds=child)
    assert Payment.objects.get(creditor=child).amount == 10_000_000
    assert creditor_owed(creditor=heir, on=today()).outstanding == left
    assert creditor_owed(creditor=child, on=today()).outstanding == left


@override("en")
def test_an_heir_who_renounces_passes_their_part_to_the_other_heirs(demo, staff):  # noqa: F811
    # given the widow of 2013다61381, who died in 2021: her two children hold her 3/7 in halves
    widow = Creditor.objects.get(
        award__case__number="2013다61381", person__death_date__isnull=False, relation="spouse"
    )
    renouncer, sibling = (heir for heir in widow.successors.order_by("pk"))
    before = creditor_owed(creditor=widow, on=today()).outstanding

    # when one of them renounces her estate
    services.renunciation_record(
        by=staff["kim"], person=renouncer.person, estate_of=widow.person, accepted_on=widow.person.death_date
    )

    # then the renouncer holds no part of hers (share 0), and the sibling holds it all
    renouncer.refresh_from_db()
    sibling.refresh_from_db()
    assert (renouncer.share_numerator, sibling.share) == (0, widow.share)
    assert creditor_owed(creditor=renouncer, on=today()).outstanding == 0
    assert (
        creditor_owed(creditor=sibling, on=today()).outstanding
        == creditor_owed(creditor=widow, on=today()).outstanding
    )
    assert (
        abs(creditor_owed(creditor=widow, on=today()).outstanding - before) <= 1
    )  # one debt, not two floors
    # and nothing can be done on the renouncer's file for that part
    claim = services.claim_open(creditor=renouncer, by=staff["kim"])
    with pytest.raises(ValidationError, match="renounced the estate"):
        services.claim_record(
            claim=claim,
            event="contact",
            by=staff["kim"],
            facts={"channel": "visit", "contacted_on": today().isoformat(), "summary": "x"},
        )


@override("en")
def test_a_payment_is_what_is_owed_or_an_explicit_partial_payment_never_more(living_victim, staff):  # noqa: F811
    claim = verified_claim(living_victim, staff)
    owed = creditor_owed(creditor=living_victim, on=today()).outstanding
    written = counts()
    with pytest.raises(ValidationError, match="no more can be paid"):
        services.payment_propose(claim=claim, planned_on=today(), amount=owed + 1, by=staff["kim"])
    with pytest.raises(ValidationError, match="give its reason"):
        services.payment_propose(claim=claim, planned_on=today(), amount=owed - 1, by=staff["kim"])
    with pytest.raises(ValidationError, match="more than a year ahead"):
        services.payment_propose(claim=claim, planned_on=today() + timedelta(days=400), by=staff["kim"])
    assert counts() == written
    # a partial payment, then the rest
    first = approve(claim, staff, amount=owed // 2, reason="half now, half after the next donation")
    services.payment_confirm(
        claim=claim, paid_on=today(), amount=first.amount, bank_reference="KB-H1", by=staff["park"]
    )
    rest = creditor_owed(creditor=living_victim, on=today()).outstanding
    assert rest == owed - owed // 2
    second = approve(claim, staff)
    assert second.amount == rest
    services.payment_confirm(
        claim=claim, paid_on=today(), amount=rest, bank_reference="KB-H2", by=staff["park"]
    )
    assert creditor_owed(creditor=living_victim, on=today()).outstanding == 0
    assert sum(Payment.objects.filter(creditor=living_victim).values_list("amount", flat=True)) == owed
    # and with nothing owed, nothing more can be proposed
    with pytest.raises(ValidationError, match="Nothing is owed"):
        services.payment_propose(claim=claim, planned_on=today(), by=staff["kim"])


@override("en")
def test_a_payment_is_not_dated_in_the_future_nor_before_its_approval(living_victim, staff):  # noqa: F811
    claim = verified_claim(living_victim, staff)
    proposal = approve(claim, staff)
    written = counts()
    for paid_on, message in (
        (today() + timedelta(days=1), "in the future"),
        (today() - timedelta(days=1), "before the approval"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.payment_confirm(
                claim=claim, paid_on=paid_on, amount=proposal.amount, bank_reference="KB-D", by=staff["park"]
            )
    assert counts() == written
    # on the day, the ledger entry and the reimbursement claim carry the day paid
    services.payment_confirm(
        claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-D", by=staff["park"]
    )
    payment = Payment.objects.get(creditor=living_victim)
    assert JournalEntry.objects.get(source=f"payment:{payment.pk}").posted_on == today()
    assert payment.reimbursement.opened_on == today()


@pytest.fixture
def approver(django_user_model):
    user = django_user_model.objects.create_user(username="yoon", is_staff=True)
    grant(user, "approver")
    return user


@override("en")
def test_a_deposit_is_for_the_whole_debt_on_the_day_and_the_amount_approved(living_victim, staff, approver):  # noqa: F811
    claim = services.claim_open(creditor=living_victim, by=staff["kim"])
    services.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})
    owed = creditor_owed(creditor=living_victim, on=today()).outstanding
    court = {"court": "Gwangju District Court", "ground": "refusal"}
    with pytest.raises(ValidationError, match="a deposit is for the whole debt"):
        services.claim_record(
            claim=claim, event="propose_deposit", by=staff["lee"], facts=court | {"amount": "1000"}
        )
    services.claim_record(claim=claim, event="propose_deposit", by=staff["lee"], facts=court)
    assert claim.entries.get(event="propose_deposit").facts["amount"] == owed
    services.claim_record(claim=claim, event="approve_deposit", by=approver)
    lodge = {"court": "Gwangju District Court", "deposit_number": "2026금1", "lodged_on": today().isoformat()}
    written = counts()
    with pytest.raises(ValidationError, match="were approved for the deposit"):
        services.claim_record(
            claim=claim, event="lodge_deposit", by=staff["park"], facts=lodge | {"amount": "999"}
        )
    assert counts() == written
    services.claim_record(
        claim=claim, event="lodge_deposit", by=staff["park"], facts=lodge | {"amount": str(owed)}
    )
    deposit = claim.deposits.get()
    assert deposit.amount == owed
    assert JournalEntry.objects.get(source=f"deposit:{deposit.pk}:lodged").posted_on == today()

    # when the deposit officer refuses it, no notice tells the family the money can be collected
    services.claim_record(
        claim=claim,
        event="officer_refuses",
        by=staff["kim"],
        facts={"decided_on": today().isoformat(), "officer_reason": "the creditor objects"},
    )
    with pytest.raises(
        ValidationError, match=r"has not accepted the deposit \(the claim stands at deposit refused\)"
    ):
        letters.letter_send(claim=claim, kind="deposit_notice", language="en", by=staff["kim"])


@override("en")
def test_no_deposit_is_proposed_for_a_creditor_owed_nothing(living_victim, staff):  # noqa: F811
    # given a creditor paid in full from elsewhere (the defendant's security, say), who then refuses
    claim = services.claim_open(creditor=living_victim, by=staff["kim"])
    owed = creditor_owed(creditor=living_victim, on=today()).outstanding
    services.external_payment_record(
        award=awards().get(pk=living_victim.award_id),
        creditor=living_victim,
        by=staff["park"],
        paid_on=today(),
        amount=owed,
        source="security collected",
    )
    services.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})
    written = counts()

    # when a deposit is proposed for them
    # then it is refused, as a payment would be, and nothing is written
    with pytest.raises(ValidationError, match="Nothing is owed"):
        services.claim_record(
            claim=claim,
            event="propose_deposit",
            by=staff["lee"],
            facts={"court": "Gwangju District Court", "ground": "refusal"},
        )
    assert counts() == written


@pytest.fixture
def living_victim(demo):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


@override("en")
def test_the_dead_creditors_file_lists_the_heirs_and_each_heirs_file_says_whose_claim_it_was(
    client,
    demo,
    staff,  # noqa: F811
):
    client.force_login(staff["jung"])  # an auditor reads
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    widow = Creditor.objects.get(
        award__case__number="2013다61381", person__death_date__isnull=False, relation="spouse"
    )
    services.claim_open(creditor=widow, by=None)
    page = client.get(reverse("claims:claim_detail", args=[widow.pk])).content.decode()
    assert "Passed to the heirs" in page
    assert f"died on {widow.person.death_date.isoformat()}" in page
    assert page.count('data-testid="heir"') == 2
    owed = creditor_owed(creditor=widow, on=today())
    assert f"{owed.outstanding:,}" in page
    for heir in owed.heirs:
        assert f"{heir.outstanding:,}" in page
        heir_page = client.get(reverse("claims:claim_detail", args=[heir.creditor.pk])).content.decode()
        assert "Inherited from the claim of" in heir_page
        assert widow.person.name_hangul in heir_page


@override("en")
def test_after_a_payment_the_heirs_table_and_the_creditors_table_agree(hiroshima, staff):  # noqa: F811
    # given a child of the victim paid in full today
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first()
    before = award_owed(award=awards().get(pk=hiroshima.pk), on=today())
    claim = verified_claim(child, staff)
    proposal = approve(claim, staff)
    services.payment_confirm(
        claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-F1", by=staff["park"]
    )
    # then the child is owed nothing in either table, the others what they were owed, and both add up
    after = award_owed(award=awards().get(pk=hiroshima.pk), on=today())
    table = award_holders(award=hiroshima, on=today(), owed=after, with_tree=False)
    held = {h.person.pk: h.amount for h in table.holders}
    assert after.of(child).outstanding == held[child.person.pk] == 0
    for row in after.creditors:
        if row.creditor != child:
            assert held[row.creditor.person.pk] == row.outstanding == before.of(row.creditor).outstanding
    assert sum(held.values()) == after.outstanding == before.outstanding - proposal.amount


@override("en")
def test_a_payment_from_elsewhere_is_checked_like_any_money(hiroshima, staff, demo):  # noqa: F811
    award = awards().get(pk=hiroshima.pk)
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first()
    owed = creditor_owed(creditor=child, on=today()).outstanding
    other = Award.objects.exclude(pk=hiroshima.pk).first().creditors.first()
    record = services.external_payment_record
    written = counts()
    with pytest.raises(ValidationError, match="in the future"):
        record(
            award=award,
            creditor=child,
            by=staff["park"],
            paid_on=today() + timedelta(1),
            amount=1,
            source="x",
        )
    with pytest.raises(ValidationError, match="no more than that"):
        record(award=award, creditor=child, by=staff["park"], paid_on=today(), amount=owed + 1, source="x")
    with pytest.raises(ValidationError, match="not a creditor of this award"):
        record(award=award, creditor=other, by=staff["park"], paid_on=today(), amount=1, source="x")
    assert counts() == written
    services.death_record(by=staff["kim"], person=child.person, died_on=today() - timedelta(days=3))
    written = counts()
    with pytest.raises(ValidationError, match="record it to the heirs"):
        record(award=award, creditor=child, by=staff["park"], paid_on=today(), amount=1, source="x")
    assert counts() == written
