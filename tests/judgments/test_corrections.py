"""Corrections of an award (issue 15): proposed by one person with a reason and a document, applied
only when a different legal reviewer approves, each step an audit event; refused when it would
contradict money already paid."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from amends.audit.models import AuditEvent
from amends.audit.selectors import verify_chain
from amends.core.clock import today
from amends.judgments import services as judgments
from amends.judgments.models import Award, Correction, Court, Defendant
from amends.judgments.services import CreditorSpec
from amends.payments import corrections
from amends.payments import services as payments
from amends.payments.owed import award_owed, awards
from amends.registry.models import Document, Person
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(django_user_model):
    def make(name, *roles):
        return grant(django_user_model.objects.create_user(username=name, is_staff=True), *roles)

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "yoon": make("yoon", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "jung": make("jung", "auditor"),
    }


@pytest.fixture
def award(db):
    """80,000,000 won, 20 % a year from 2013-06-19, to two heirs with half each."""
    court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    defendant = Defendant.objects.create(
        key="nippon-steel", name_ko="일본제철", name_ja="日本製鉄", name_en="Nippon Steel"
    )
    case = judgments.case_create(by=None, number="2013다61381", court=court, defendants=[defendant])
    victim = Person.objects.create(name_hangul="가나다", death_date=date(2010, 1, 1))
    heirs = [Person.objects.create(name_hangul=f"상속인{n}") for n in range(2)]
    return judgments.award_create(
        by=None,
        case=case,
        victim=victim,
        principal=80_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[CreditorSpec(person=heir, share=Fraction(1, 2), relation="child") for heir in heirs],
    )


@pytest.fixture
def ruling():
    return Document.objects.create(
        kind=Document.Kind.OTHER,
        issued_on=date(2024, 1, 10),
        file=SimpleUploadedFile("correction.pdf", b"%PDF-1.4 correction ruling"),
        description="경정결정",
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_a_principal_corrected_by_two_people_is_applied_with_its_events(award, people, ruling):
    # given a caseworker's proposal to correct the principal from 80,000,000 to 90,000,000 won
    already = AuditEvent.objects.count()
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="경정결정 2024-01-10", document=ruling
    )
    # nothing changes while it is only proposed
    assert Award.objects.get().principal == 80_000_000
    assert actions()[already:] == ["correction.propose"]

    # when a legal reviewer approves it
    corrections.correction_approve(by=people["lee"], correction=correction)

    # then the principal is corrected, each creditor's part follows, and the approval and the change
    # are on the chain with who, before and after
    assert Award.objects.get().principal == 90_000_000
    owed = award_owed(award=awards().get(), on=date(2013, 6, 19))
    assert [row.principal for row in owed.creditors] == [45_000_000, 45_000_000]
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == ("applied", people["lee"])
    events = AuditEvent.objects.order_by("sequence")[already:]
    assert [e.action for e in events] == ["correction.propose", "correction.approve", "award.correct"]
    proposed, approved, applied = events
    assert proposed.actor == people["kim"] and proposed.after["reason"] == "경정결정 2024-01-10"
    assert proposed.after["document"] == ruling.pk
    assert approved.actor == people["lee"] and approved.after["status"] == "applied"
    assert applied.actor == people["lee"]
    assert (applied.before, applied.after) == (
        {"principal": 80_000_000},
        {"principal": 90_000_000, "correction": correction.pk},
    )
    assert verify_chain().ok


@override("en")
def test_the_proposer_cannot_approve_their_own_correction(award, people, ruling):
    # given a legal reviewer's own proposal
    correction = judgments.principal_correction_propose(
        by=people["lee"], award=award, principal=999_999_999, reason="typo", document=ruling
    )
    already = AuditEvent.objects.count()

    # when they approve or refuse it themselves, the service refuses
    with pytest.raises(PermissionDenied, match="cannot approve"):
        corrections.correction_approve(by=people["lee"], correction=correction)
    with pytest.raises(PermissionDenied, match="cannot approve"):
        judgments.correction_refuse(by=people["lee"], correction=correction, reason="no")

    # and nothing changed
    assert Award.objects.get().principal == 80_000_000
    assert Correction.objects.get().status == "proposed"
    assert AuditEvent.objects.count() == already


def test_the_database_refuses_self_approval_too(award, people, ruling):
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="typo", document=ruling
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=correction.pk).update(status="applied", decided_by=people["kim"])
    assert Correction.objects.get().decided_by is None


def test_only_a_legal_reviewer_approves_and_only_casework_proposes(award, people, ruling):
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="typo", document=ruling
    )
    for who in ("kim", "park", "jung"):
        with pytest.raises(PermissionDenied):
            corrections.correction_approve(by=people[who], correction=correction)
    for who in ("park", "jung"):
        with pytest.raises(PermissionDenied):
            judgments.principal_correction_propose(
                by=people[who], award=award, principal=1, reason="x", document=ruling
            )
    assert Award.objects.get().principal == 80_000_000


@override("en")
def test_a_share_correction_that_does_not_sum_to_one_is_refused_naming_the_field(award, people, ruling):
    first, second = award.creditors.all()
    with pytest.raises(ValidationError) as refused:
        judgments.shares_correction_propose(
            by=people["kim"],
            award=award,
            shares={first: Fraction(1, 3), second: Fraction(1, 3)},
            reason="가족관계증명서",
            document=ruling,
        )
    assert refused.value.message_dict == {"shares": ["The creditors' shares add up to 2/3, not 1."]}
    # a share for only one of them is refused too: all shares change at once
    with pytest.raises(ValidationError) as partial:
        judgments.shares_correction_propose(
            by=people["kim"], award=award, shares={first: Fraction(1)}, reason="x", document=ruling
        )
    assert list(partial.value.message_dict) == ["shares"]
    assert not Correction.objects.exists()


def test_a_share_correction_changes_every_share_at_once(award, people, ruling):
    first, second = award.creditors.all()
    correction = judgments.shares_correction_propose(
        by=people["kim"],
        award=award,
        shares={first: Fraction(1, 3), second: Fraction(2, 3)},
        reason="가족관계증명서",
        document=ruling,
    )

    corrections.correction_approve(by=people["lee"], correction=correction)

    assert [(c.share_numerator, c.share_denominator) for c in award.creditors.all()] == [(1, 3), (2, 3)]
    changed = AuditEvent.objects.filter(action="creditor.correct").order_by("sequence")
    assert [(e.subject_id, e.before, e.after["share"]) for e in changed] == [
        (str(first.pk), {"share": "1/2"}, "1/3"),
        (str(second.pk), {"share": "1/2"}, "2/3"),
    ]
    owed = award_owed(award=awards().get(), on=date(2013, 6, 19))
    assert [row.principal for row in owed.creditors] == [26_666_666, 53_333_333]


@override("en")
def test_an_accrual_term_corrected_is_applied_and_checked(award, people, ruling):
    (term,) = award.accruals.all()
    with pytest.raises(ValidationError) as refused:
        judgments.accrual_correction_propose(
            by=people["kim"],
            accrual=term,
            starts_on=date(2013, 6, 19),
            rate="1.5",
            reason="x",
            document=ruling,
        )
    assert list(refused.value.message_dict) == ["rate"]
    assert "(0.20 is 20 % a year)" in refused.value.message_dict["rate"][0]

    correction = judgments.accrual_correction_propose(
        by=people["kim"],
        accrual=term,
        starts_on=date(2013, 7, 30),
        rate="0.05",
        reason="판결문",
        document=ruling,
    )
    corrections.correction_approve(by=people["yoon"], correction=correction)

    term.refresh_from_db()
    assert (term.starts_on, str(term.rate)) == (date(2013, 7, 30), "0.05000")
    (event,) = AuditEvent.objects.filter(action="accrualterm.correct")
    assert event.before == {"starts_on": "2013-06-19", "rate": "0.20000"}


@override("en")
def test_a_refused_correction_changes_nothing_but_is_on_record(award, people, ruling):
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="typo", document=ruling
    )
    with pytest.raises(ValidationError) as no_reason:
        judgments.correction_refuse(by=people["lee"], correction=correction, reason=" ")
    assert list(no_reason.value.message_dict) == ["refusal"]

    judgments.correction_refuse(by=people["lee"], correction=correction, reason="the ruling says 80,000,000")

    assert Award.objects.get().principal == 80_000_000
    correction.refresh_from_db()
    assert (correction.status, correction.refusal) == ("refused", "the ruling says 80,000,000")
    assert actions()[-1] == "correction.refuse"
    with pytest.raises(ValidationError, match="already"):
        corrections.correction_approve(by=people["yoon"], correction=correction)


def test_a_proposal_without_reason_or_document_is_refused(award, people, ruling):
    with pytest.raises(ValidationError) as no_reason:
        judgments.principal_correction_propose(
            by=people["kim"], award=award, principal=1, reason="", document=ruling
        )
    assert list(no_reason.value.message_dict) == ["reason"]
    with pytest.raises(ValidationError) as no_document:
        judgments.principal_correction_propose(
            by=people["kim"], award=award, principal=1, reason="x", document=None
        )
    assert list(no_document.value.message_dict) == ["document"]
    assert not Correction.objects.exists()


@override("en")
def test_a_principal_lowered_below_what_was_paid_is_refused(award, people, ruling):
    # given the first heir paid in full today from elsewhere
    first = award.creditors.first()
    owed_first = award_owed(award=awards().get(), on=today()).of(first).outstanding
    payments.external_payment_record(
        award=award, creditor=first, by=people["park"], paid_on=today(), amount=owed_first, source="security"
    )
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=10_000_000, reason="typo", document=ruling
    )
    already = AuditEvent.objects.count()

    # when the principal is lowered to 10,000,000 won (5,000,000 each), less than the first was paid
    with pytest.raises(ValidationError) as refused:
        corrections.correction_approve(by=people["lee"], correction=correction)

    # then it is refused, naming who was paid more, and nothing changed
    assert "상속인0 has already received" in refused.value.message_dict["correction"][0]
    assert Award.objects.get().principal == 80_000_000
    assert Correction.objects.get().status == "proposed"
    assert AuditEvent.objects.count() == already


@override("en")
def test_a_correction_made_stale_by_another_is_refused(award, people, ruling):
    first = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="a", document=ruling
    )
    second = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=70_000_000, reason="b", document=ruling
    )
    corrections.correction_approve(by=people["lee"], correction=first)
    with pytest.raises(ValidationError, match="changed since it was proposed"):
        corrections.correction_approve(by=people["lee"], correction=second)
    assert Award.objects.get().principal == 90_000_000


# The pages ------------------------------------------------------------------------------------------


def client_of(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_caseworker_proposes_on_the_page_and_another_reviewer_approves(client, award, people):
    # given a caseworker on the award's corrections page
    client_of(client, people["kim"])
    page = client.get(reverse("cases:award_corrections", args=[award.pk]))
    assert page.status_code == 200 and "Propose a correction" in page.content.decode()

    # when they propose 90,000,000 won with the reason and the ruling of correction
    response = client.post(
        reverse("cases:correction_propose", args=[award.pk]),
        {
            "kind": "principal",
            "principal": "90,000,000",
            "reason": "경정결정",
            "document_kind": "other",
            "document_issued_on": "2024-01-10",
            "document_file": SimpleUploadedFile("ruling.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert Award.objects.get().principal == 80_000_000
    # the caseworker is offered no approval
    assert (
        "Approve and apply"
        not in client.get(reverse("cases:award_corrections", args=[award.pk])).content.decode()
    )

    # when a legal reviewer sees what awaits them and approves it
    client_of(client, people["lee"])
    pending = client.get(reverse("cases:corrections_pending")).content.decode()
    assert pending.count('data-testid="pending-correction"') == 1 and "Approve and apply" in pending
    decided = client.post(reverse("cases:correction_decide", args=[correction.pk]), {"action": "approve"})

    # then it is applied
    assert decided.status_code == 302
    assert Award.objects.get().principal == 90_000_000
    page = client.get(reverse("cases:award_corrections", args=[award.pk])).content.decode()
    assert '<dd data-testid="principal">90,000,000' in page


def test_the_page_refuses_a_proposal_without_its_document(client, award, people):
    client_of(client, people["kim"])
    response = client.post(
        reverse("cases:correction_propose", args=[award.pk]),
        {"kind": "principal", "principal": "90000000", "reason": "x"},
        follow=True,
    )
    assert "File: This field is required." in response.content.decode()
    assert not Correction.objects.exists()


def test_an_auditor_cannot_approve_on_the_page(client, award, people, ruling):
    correction = judgments.principal_correction_propose(
        by=people["kim"], award=award, principal=90_000_000, reason="typo", document=ruling
    )
    client_of(client, people["jung"])
    response = client.post(reverse("cases:correction_decide", args=[correction.pk]), {"action": "approve"})
    assert response.status_code == 403
    assert Award.objects.get().principal == 80_000_000
