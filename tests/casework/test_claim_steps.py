"""Every step of a claim as a typed form of its own (issue 17): dates as date boxes in ISO, amounts as
the pages write them, choices as menus, documents chosen or uploaded; what the step will do said with
the exact amount before the button; the approver shown the amount, how it is made up and who prepared
it; and the claim file in the reader's language."""

import re
from datetime import date
from fractions import Fraction
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amends.core.clock import today
from amends.judgments.models import Award
from amends.law.interest import Accrual, delay_damages
from amends.payments import services
from amends.payments.models import Claim, CourtDeposit, Payment, PaymentProposal
from amends.registry.models import Document
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def creditor(demo):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


@pytest.fixture
def staff(django_user_model):
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        grant(user, *roles)
        return user

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "yoon": make("yoon", "approver"),
    }


def as_user(client, user, language="en"):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def page(client, creditor) -> str:
    response = client.get(reverse("claims:claim_detail", args=[creditor.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def step_html(html: str, event: str) -> str:
    """The markup of one step's <details> on the claim page."""
    found = re.search(rf'<details[^>]*data-testid="step-{event}">(.*?)</details>', html, re.S)
    assert found, f"no step {event} on the page"
    return found.group(1)


def record(client, creditor, event, facts=None, files=None, **more):
    data = {"event": event, **{f"fact_{name}": value for name, value in (facts or {}).items()}, **more}
    for name, upload in (files or {}).items():
        data[f"fact_{name}_file"] = upload
    return client.post(reverse("claims:claim_record", args=[creditor.pk]), data)


def state(creditor) -> str:
    return Claim.objects.get(creditor=creditor).state


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 scanned paper", content_type="application/pdf")


def test_the_payment_path_through_typed_forms(client, creditor, staff):
    # given a claim file a caseworker opened
    services.claim_open(creditor=creditor, by=staff["kim"])
    as_user(client, staff["kim"])

    # then the contact is a menu of channels, a date box and a line of text
    contact = step_html(page(client, creditor), "contact")
    assert '<select name="fact_channel"' in contact and '<option value="visit">a visit</option>' in contact
    assert '<input name="fact_contacted_on" type="text" data-date' in contact  # YYYY-MM-DD (issue 17)
    assert '<input name="fact_summary" type="text"' in contact

    # when the caseworker records it, the date typed in ISO
    response = record(
        client,
        creditor,
        "contact",
        {"channel": "visit", "contacted_on": "2023-03-20", "summary": "met at home"},
    )

    # then it is recorded, with the choice's value
    assert response.status_code == 302 and state(creditor) == "contacted"
    assert Claim.objects.get(creditor=creditor).entries.get(event="contact").facts["channel"] == "visit"

    # then the consent is yes or no, and each document a choice or an upload
    apply = step_html(page(client, creditor), "apply")
    assert '<select name="fact_consent"' in apply
    assert '<input name="fact_identity_document_file" type="file"' in apply
    assert 'enctype="multipart/form-data"' in page(client, creditor)

    # when the creditor's consent is recorded as "no"
    refused = record(
        client,
        creditor,
        "apply",
        {"consent": "no"},
        files={
            "application_form": upload("application.pdf"),
            "identity_document": upload("id.pdf"),
            "bank_account_document": upload("passbook.pdf"),
        },
    )

    # then nothing is recorded nor stored, and the page says why beside the field
    assert refused.status_code == 400 and state(creditor) == "contacted"
    assert not Document.objects.filter(description__in=["application form", "identity document"]).exists()
    assert "Without the creditor's consent the foundation does not pay" in unescape(refused.content.decode())

    # when the consent is yes and the three documents are uploaded
    response = record(
        client,
        creditor,
        "apply",
        {"consent": "yes"},
        files={
            "application_form": upload("application.pdf"),
            "identity_document": upload("id.pdf"),
            "bank_account_document": upload("passbook.pdf"),
        },
    )

    # then the documents are in the registry and the facts name them
    assert response.status_code == 302 and state(creditor) == "applied"
    facts = Claim.objects.get(creditor=creditor).entries.get(event="apply").facts
    stored = Document.objects.get(description="identity document")
    assert facts["consent"] == "yes"
    assert facts["identity_document"] == f"document #{stored.pk} (other, {today().isoformat()})"

    # when a legal reviewer verifies
    as_user(client, staff["lee"])
    response = record(
        client,
        creditor,
        "verify",
        {"identity": "ID card", "heirship": "the victim", "bank_account": "passbook"},
    )
    assert response.status_code == 302 and state(creditor) == "verified"

    # then the caseworker's proposal has a date box filled with today and an amount box
    as_user(client, staff["kim"])
    propose = step_html(page(client, creditor), "propose_payment")
    box = '<input name="fact_planned_payment_date" type="text" data-date'
    assert f'{box} autocomplete="off" spellcheck="false" value="{today().isoformat()}"' in propose
    assert '<input name="fact_amount" type="text" inputmode="numeric"' in propose

    # when they propose, for today, what is owed today as the pages write it, with the currency
    owed = owed_today()
    response = record(
        client,
        creditor,
        "propose_payment",
        {"planned_payment_date": today().isoformat(), "amount": f"{owed:,}원"},
        idempotency_key="9a0a4b8e-1c1f-4b59-9a52-6a3e1c1f0001",
    )

    # then that amount is proposed
    assert response.status_code == 302 and state(creditor) == "payment_proposed"
    assert PaymentProposal.objects.get(claim__creditor=creditor).amount == owed

    # when a finance officer approves and confirms, the amount filled in with separators
    as_user(client, staff["park"])
    assert record(client, creditor, "approve_payment").status_code == 302
    confirm = step_html(page(client, creditor), "confirm_payment")
    assert (
        f'name="fact_amount_paid" type="text" inputmode="numeric" autocomplete="off" value="{owed:,}"'
        in confirm
    )
    response = record(
        client,
        creditor,
        "confirm_payment",
        {"bank_confirmation": "KB-0001", "paid_on": today().isoformat(), "amount_paid": f"{owed:,}"},
    )

    # then the creditor is paid exactly that
    assert response.status_code == 302 and state(creditor) == "paid"
    assert Payment.objects.get(creditor=creditor).amount == owed


def test_an_amount_not_in_won_is_refused_beside_its_field_and_kept(client, creditor, staff):
    # given a verified claim
    verified(creditor, staff)
    as_user(client, staff["kim"])

    # when the amount has a digit in the wrong group
    response = record(
        client, creditor, "propose_payment", {"planned_payment_date": "2023-04-14", "amount": "29,6438,356"}
    )

    # then nothing is proposed, the error is beside the amount, and what was typed is still there
    assert response.status_code == 400 and state(creditor) == "verified"
    propose = step_html(unescape(response.content.decode()), "propose_payment")
    assert 'value="29,6438,356"' in propose
    error = 'id="id_propose_payment_fact_amount-error" role="alert">'
    assert f"{error}Give a whole number of won, such as 369,863,013." in propose
    assert 'value="2023-04-14"' in propose


def test_a_date_not_in_iso_is_refused(client, creditor, staff):
    # given
    services.claim_open(creditor=creditor, by=staff["kim"])
    as_user(client, staff["kim"])

    # when the date is typed as the browser's locale might show it
    response = record(
        client, creditor, "contact", {"channel": "call", "contacted_on": "03/20/2023", "summary": "called"}
    )

    # then
    assert response.status_code == 400 and state(creditor) == "identified"
    assert "Give the date as YYYY-MM-DD." in step_html(unescape(response.content.decode()), "contact")


def test_the_proposal_says_what_it_pays_to_whom_and_when(client, creditor, staff):
    # given a verified claim
    verified(creditor, staff)

    # when the caseworker opens the proposal
    propose = step_html(page(as_user(client, staff["kim"]), creditor), "propose_payment")

    # then it says the exact amount owed today, the creditor and the day, before the button
    sentence = (
        f"Proposes paying {owed_today():,} won to {creditor.person.name_hangul} on {today().isoformat()}"
    )
    assert sentence in propose
    assert propose.index(sentence) < propose.index('<button type="submit">Record</button>')


def test_the_approver_sees_the_amount_how_it_is_made_up_and_who_prepared_it(client, creditor, staff):
    # given a payment of 296,438,356 won the caseworker kim proposed for 2023-04-14
    claim = verified(creditor, staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": "2023-04-14"}
    )

    # when a finance officer reads the claim
    html = page(as_user(client, staff["park"]), creditor)

    # then the amount is shown with separators, made up of the principal and the delay damages line
    pending = re.search(r'data-testid="pending-payment">(.*?)</section>', html, re.S).group(1)
    assert '<strong data-testid="pending-amount">296,438,356</strong>' in pending
    assert '<dd data-testid="pending-preparer">kim</dd>' in pending
    assert re.search(r"Principal \(share 1/1\)</th><td class=\"num\">100,000,000<", pending)
    assert re.search(
        r"Delay damages 2013-06-19 – 2023-04-14, 20 % a year on 100,000,000</th>"
        r"<td class=\"num\">196,438,356<",
        pending,
    )
    assert re.search(r"Owed on that day</th><td class=\"num\">296,438,356<", pending)
    # and the approval says what it does
    approve = step_html(html, "approve_payment")
    assert (
        f"Approves paying 296,438,356 won to {creditor.person.name_hangul} on 2023-04-14, as kim proposed."
        in approve
    )


def test_the_deposit_path_through_typed_forms(client, creditor, staff):
    # given a creditor who refuses the payment
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    services.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})

    # then the legal reviewer's deposit offers the courts on record and a menu of grounds
    as_user(client, staff["lee"])
    deposit = step_html(page(client, creditor), "propose_deposit")
    assert '<input name="fact_court" type="text"' in deposit
    assert (
        '<option value="서울중앙지방법원">서울중앙지방법원 · Seoul Central District Court</option>' in deposit
    )
    assert '<option value="refusal">' in deposit
    assert '<input name="fact_planned_lodging_date" type="text" data-date' in deposit

    # when the deposit is proposed, approved and lodged for the amount with separators
    response = record(
        client,
        creditor,
        "propose_deposit",
        {"court": "광주지방법원", "ground": "refusal", "planned_lodging_date": today().isoformat()},
    )
    assert response.status_code == 302 and state(creditor) == "deposit_proposed"
    as_user(client, staff["yoon"])
    assert record(client, creditor, "approve_deposit").status_code == 302
    as_user(client, staff["park"])
    lodge = step_html(page(client, creditor), "lodge_deposit")
    assert (
        f'value="{owed_today():,}"' in lodge and 'name="fact_court" type="text" value="광주지방법원"' in lodge
    )
    response = record(
        client,
        creditor,
        "lodge_deposit",
        {
            "court": "광주지방법원",
            "deposit_number": "2023금1234",
            "lodged_on": today().isoformat(),
            "amount": f"{owed_today():,}",
        },
    )

    # then the court holds exactly that
    assert response.status_code == 302 and state(creditor) == "deposit_lodged"
    assert CourtDeposit.objects.get(claim__creditor=creditor).amount == owed_today()


def test_a_hold_says_what_it_does_and_is_lifted(client, creditor, staff):
    # given
    services.claim_open(creditor=creditor, by=staff["kim"])
    as_user(client, staff["kim"])

    # when
    hold = step_html(page(client, creditor), "hold")
    response = record(client, creditor, "hold", {"reason": "funds short"})

    # then
    assert "Marks the file on hold: the foundation's decisions wait until it is lifted." in hold
    assert response.status_code == 302
    assert Claim.objects.get(creditor=creditor).flags == ["on_hold"]
    assert record(client, creditor, "resume").status_code == 302
    assert Claim.objects.get(creditor=creditor).flags == []


def test_the_claim_file_speaks_korean(client, creditor, staff):
    # given a claim with a payment proposed
    claim = verified(creditor, staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": "2023-04-14"}
    )

    # when a finance officer reads it in Korean
    html = page(as_user(client, staff["park"], language="ko"), creditor)

    # then states, steps and facts are in Korean, and no name of the rules shows through
    assert '<strong data-testid="state">지급 제안됨</strong>' in html
    assert "지급 승인" in step_html(html, "approve_payment")
    assert "지급 예정일" in html
    # (the history's audit actions are codes, shown as code: claim.propose_payment)
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|code)[^>]*>.*?</\1>", "", html, flags=re.S))
    for name in ("payment_proposed", "approve_payment", "planned_payment_date", "propose_payment"):
        assert name not in visible


def owed_today() -> int:
    """What the living victim is owed today, by the interest engine on its own."""
    terms = [Accrual(date(2013, 6, 19), Fraction(20, 100))]
    return delay_damages(principal=100_000_000, accruals=terms, until=today()).outstanding


def verified(creditor, staff) -> Claim:
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    services.claim_record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    services.claim_record(
        claim=claim,
        event="apply",
        by=staff["kim"],
        facts={
            "consent": "yes",
            "application_form": "received",
            "identity_document": "ID card",
            "bank_account_document": "passbook",
        },
    )
    services.claim_record(
        claim=claim,
        event="verify",
        by=staff["lee"],
        facts={"identity": "checked", "heirship": "victim himself", "bank_account": "checked"},
    )
    return claim
