"""The stored summary of what is owed (issue 14): after every kind of service that changes what an
award owes, its stored lines give, part by part, exactly what the one read path computes, today and
on the later days they hold; the dashboard adds the same figures from them; a drift is named by
``amends check``."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from amends.core.clock import today
from amends.judgments import services as judgments
from amends.judgments.models import Award, Creditor
from amends.judgments.services import CreditorSpec
from amends.oversight import invariants
from amends.oversight.dashboard import dashboard
from amends.payments import corrections, owed, owed_lines
from amends.payments import services as payments
from amends.payments.models import OwedLine
from amends.registry import services as registry
from amends.registry.models import Document, Person
from tests.fund.conftest import approved_claim
from tests.fund.test_ledger import refused_claim_with_deposit
from tests.support import grant

pytestmark = pytest.mark.django_db


def assert_summary_is_owed(*awards_changed: Award) -> None:
    """Every award's lines hold today, those of ``awards_changed`` written today, and each part's
    stored figures are :func:`amends.payments.owed.award_owed`'s (the scalar engine, line by line)
    exactly; the totals by case are the computed ones today and on later days; the check is quiet."""
    on = today()
    stored = owed.stored_parts(on=on)
    assert set(stored) == set(Award.objects.values_list("pk", flat=True))
    for award in awards_changed:
        assert set(OwedLine.objects.filter(award=award).values_list("from_day", flat=True)) == {
            on.toordinal()
        }
    receipts = owed.received(on=on)
    for award in owed.awards():
        computed = owed.award_owed(award=award, on=on, receipts=receipts.get(award.pk, []))
        expected = {
            row.creditor.pk: (row.principal, row.interest, row.paid, row.outstanding)
            for row in computed.holding()
        }
        assert stored[award.pk] == (expected or {None: (0, 0, 0, 0)}), award
    for later in (0, 1, 45, 200, 400):
        day = on + timedelta(days=later)
        assert owed.case_totals(on=day) == owed.computed_case_totals(on=day), day
    assert invariants.owed_summary(on=on) == []


@pytest.fixture
def written(creditors):
    """The two awards of 2013다61381 (100,000,000 won each, 20 % from 2013-06-19), their lines
    written today."""
    owed_lines.rebuild()
    return creditors


def test_the_lines_written_are_the_read_paths_figures_for_every_day_they_hold(written):
    # given both awards' lines written today
    assert_summary_is_owed()
    # then each part's line on today and every day it holds gives the scalar engine's figures
    on = today()
    line = OwedLine.objects.get(creditor=written[0])
    for day in range(line.from_day, line.last_day + 1, 17):
        evaluated = date.fromordinal(day)
        figures = owed.creditor_owed(creditor=written[0], on=evaluated)
        assert owed.stored_parts(on=evaluated)[written[0].award_id][written[0].pk] == (
            figures.principal,
            figures.interest,
            figures.paid,
            figures.outstanding,
        )
    # and a line never holds before the day it was written, nor past a year after it
    assert line.from_day == on.toordinal() and line.last_day <= on.toordinal() + 366
    assert owed.stored_parts(on=on - timedelta(days=1)) == {}


def test_a_payment_confirmed_and_brought_back(written, staff):
    # given a payment approved for the first creditor
    claim = approved_claim(written[0], staff, planned=today())
    proposal = claim.proposals.get(status="approved")
    # when the bank pays it, its lines are written again in the same step
    payments.payment_confirm(
        claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-1", by=staff["park"]
    )
    assert_summary_is_owed(written[0].award)
    assert owed.stored_parts(on=today())[written[0].award_id][written[0].pk][3] == 0
    # and when the bank brings it back, the debt and its delay damages stand again
    payment = claim.creditor.payments.get()
    payments.payment_return(
        payment=payment, returned_on=today(), reason="account closed", bank_reference="KB-R", by=staff["park"]
    )
    assert_summary_is_owed(written[0].award)
    assert owed.stored_parts(on=today())[written[0].award_id][written[0].pk][3] > proposal.amount - 1


def test_a_deposit_collected(written, staff):
    # given a deposit of 300,819,672 won lodged on 2023-07-03 and accepted
    claim = refused_claim_with_deposit(written[1], staff)
    payments.claim_record(
        claim=claim, event="officer_accepts", by=staff["kim"], facts={"decided_on": "2023-07-05"}
    )
    # when the creditor collects it, it is received as of the day lodged
    payments.claim_record(
        claim=claim, event="creditor_collects", by=staff["kim"], facts={"collected_on": "2024-02-20"}
    )
    assert_summary_is_owed(written[1].award)
    assert owed.stored_parts(on=today())[written[1].award_id][written[1].pk][2:] == (300_819_672, 0)


def test_payments_from_elsewhere_on_the_whole_award_and_to_one_creditor(written, staff):
    award = written[0].award
    # when money is received from elsewhere on the whole award, then by its creditor
    payments.external_payment_record(
        award=award,
        by=staff["park"],
        paid_on=date(2022, 3, 2),
        amount=12_345_677,
        source="security collected",
    )
    assert_summary_is_owed(award)
    payments.external_payment_record(
        award=award,
        creditor=written[0],
        by=staff["park"],
        paid_on=date(2024, 5, 6),
        amount=1_000_001,
        source="paid by the defendant",
    )
    assert_summary_is_owed(award)


@pytest.fixture
def family(written, staff):
    """The first creditor's wife and two children, on the family record."""
    victim = written[0].person
    wife = registry.person_create(by=None, name_hangul="박순자", sex="F", birth_date=date(1930, 1, 1))
    children = [
        registry.person_create(by=None, name_hangul=name, sex="M", birth_date=date(1955, 1, 1))
        for name in ("김민수", "김민호")
    ]
    registry.marriage_record(by=staff["kim"], spouse_a=victim, spouse_b=wife, started_on=date(1950, 1, 1))
    for child in children:
        registry.parent_child_link(by=staff["kim"], parent=victim, child=child)
        registry.parent_child_link(by=staff["kim"], parent=wife, child=child)
    owed_lines.rebuild()
    return wife, children


def test_a_death_hands_the_parts_on_and_a_renunciation_moves_them(written, family, staff):
    _wife, children = family
    # when the first creditor's death is recorded, his part passes to his wife and children
    payments.death_record(by=staff["kim"], person=written[0].person, died_on=date(2024, 8, 1))
    assert Creditor.objects.filter(succeeds=written[0]).count() == 3
    assert_summary_is_owed(written[0].award)
    # and when a child renounces the estate, the others hold his part
    payments.renunciation_record(
        by=staff["kim"],
        person=children[0],
        estate_of=Person.objects.get(pk=written[0].person_id),
        accepted_on=date(2024, 9, 1),
    )
    assert_summary_is_owed(written[0].award)


def test_a_death_reported_and_confirmed_by_two_people(
    written, family, staff, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    reviewer = grant(django_user_model.objects.create_user(username="yoon2", is_staff=True), "legal_reviewer")
    report = registry.death_propose(
        by=staff["kim"], person=written[1].person, died_on=date(2024, 3, 1), reason="가족관계증명서"
    )
    corrections.death_confirm(by=reviewer, report=report)
    assert_summary_is_owed(written[1].award)


def test_corrections_of_the_principal_the_terms_and_the_shares(db, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from amends.demo.judgments import _reference_data
    from amends.judgments.models import Court, Defendant

    _reference_data()
    case = judgments.case_create(
        by=None,
        number="2013다61381",
        court=Court.objects.get(name_ko="대법원"),
        defendants=[Defendant.objects.get(key="nippon-steel")],
        final_ruling_on=date(2018, 10, 30),
    )
    victim = Person.objects.create(name_hangul="가나다", death_date=date(2010, 1, 1))
    heirs = [Person.objects.create(name_hangul=f"상속인{n}") for n in range(2)]
    award = judgments.award_create(
        by=None,
        case=case,
        victim=victim,
        principal=80_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[CreditorSpec(person=heir, share=Fraction(1, 2), relation="child") for heir in heirs],
    )
    ruling = Document.objects.create(
        kind=Document.Kind.OTHER,
        issued_on=date(2024, 1, 10),
        file=SimpleUploadedFile("correction.pdf", b"%PDF-1.4 correction ruling"),
        description="경정결정",
    )
    reviewer = grant(staff["han"], "legal_reviewer")
    owed_lines.rebuild()
    for propose in (
        lambda: judgments.principal_correction_propose(
            by=staff["kim"], award=award, principal=90_000_001, reason="경정결정", document=ruling
        ),
        lambda: judgments.accrual_correction_propose(
            by=staff["kim"],
            accrual=award.accruals.get(),
            starts_on=date(2014, 2, 28),
            rate="0.12",
            reason="경정결정",
            document=ruling,
        ),
        lambda: judgments.shares_correction_propose(
            by=staff["kim"],
            award=award,
            shares={
                creditor.pk: share
                for creditor, share in zip(
                    award.creditors.order_by("pk"), (Fraction(2, 3), Fraction(1, 3)), strict=True
                )
            },
            reason="경정결정",
            document=ruling,
        ),
    ):
        corrections.correction_approve(by=reviewer, correction=propose())
        assert_summary_is_owed(award)


def test_an_award_made_below_the_summary_is_computed_until_the_roll_writes_it(written, staff):
    # given an award created after the lines were written (award_create sits below payments)
    victim = registry.person_create(by=None, name_hangul="최영희", sex="F", birth_date=date(1926, 5, 5))
    award = judgments.award_create(
        by=None,
        case=written[0].award.case,
        victim=victim,
        principal=123_456_789,
        accruals=[(date(2015, 1, 1), "0.05"), (date(2016, 6, 30), "0.20")],
        creditors=[CreditorSpec(person=victim, share=Fraction(1))],
    )
    # then the dashboard still counts it, computed
    on = today()
    assert owed.case_totals(on=on) == owed.computed_case_totals(on=on)
    row = dashboard(on=on).cases[0]
    assert row.totals.outstanding == sum(a.outstanding for a in owed.case_owed(case=award.case, on=on))
    # and the daily roll writes its lines
    assert owed_lines.roll() == 1
    assert_summary_is_owed(award)


def test_lines_that_end_or_were_not_rolled_are_computed_and_rolled(written):
    # given lines written 400 days ago (the roll has not run since)
    long_ago = today() - timedelta(days=400)
    owed_lines.rebuild(on=long_ago)
    # then today's totals are computed, the same
    assert owed.stored_parts(on=today()) == {}
    assert owed.case_totals(on=today()) == owed.computed_case_totals(on=today())
    # and the roll renews every award
    assert owed_lines.roll() == 2
    assert_summary_is_owed(*[creditor.award for creditor in written])


def test_a_line_changed_behind_the_services_back_is_named_by_the_check(written):
    # given a stored line raised by one won in SQL
    line = OwedLine.objects.get(creditor=written[1])
    OwedLine.objects.filter(pk=line.pk).update(outstanding=line.outstanding + 1)
    # then amends check names the award, the creditor and both figures
    (violation,) = invariants.owed_summary()
    assert violation.rule == "owed-summary"
    outstanding = owed.creditor_owed(creditor=written[1], on=today()).outstanding
    assert violation.message == (
        f"award {written[1].award_id}, creditor {written[1].pk} on {today()}: "
        f"outstanding stored {outstanding + 1:,} won, computed {outstanding:,} won"
    )
    # and a line of a part nobody holds is named too
    OwedLine.objects.filter(pk=line.pk).update(outstanding=line.outstanding)
    OwedLine.objects.filter(pk=line.pk).update(creditor=None)
    found = [v.message for v in invariants.owed_summary()]
    assert found == [
        f"award {written[1].award_id}, creditor None: has a stored line on {today()} and holds no part "
        "of the award",
        f"award {written[1].award_id}, creditor {written[1].pk}: holds a part on {today()} and has no "
        "stored line (amends owed rebuild)",
    ]


def test_the_dashboard_shows_the_same_figures_from_the_lines_as_computed(written, staff):
    # given a payment and the lines written
    claim = approved_claim(written[0], staff, planned=today())
    proposal = claim.proposals.get(status="approved")
    payments.payment_confirm(
        claim=claim, paid_on=today(), amount=proposal.amount, bank_reference="KB-1", by=staff["park"]
    )
    from_lines = dashboard(on=today())
    # when the lines are gone, everything is computed
    OwedLine.objects.all().delete()
    computed = dashboard(on=today())
    assert from_lines == computed
    assert from_lines.totals.outstanding == sum(
        a.outstanding for a in owed.case_owed(case=written[0].award.case, on=today())
    )
