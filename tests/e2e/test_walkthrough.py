"""The staff walk-through from consent to payment on the claim page, in a real browser: the
caseworker records the contact and the consent, a legal reviewer verifies, the caseworker proposes
(and cannot approve), a finance officer approves and confirms, and the receipt letter is stored on the
creditor's timeline."""

from datetime import date
from fractions import Fraction

import pytest

from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


@pytest.fixture
def creditor(transactional_db):
    """The living victim of 2013다61381 (only this case is loaded: the whole demonstration is slow)."""
    from django.db import transaction

    from amends.demo.judgments import _Names, _nippon_steel, _reference_data
    from amends.judgments.models import Creditor

    with transaction.atomic():
        _reference_data()
        _nippon_steel(_Names(1))
    return Creditor.objects.get(
        award__case__number="2013다61381", relation="victim", person__death_date__isnull=True
    )


@pytest.fixture
def as_user(browser, live_server, django_user_model):
    contexts = []

    def as_user(username: str, role: str):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, is_staff=True)
        grant(user, role)
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Cases", level=1).wait_for()
        return page

    yield as_user
    for context in contexts:
        context.close()


def record(page, step: str, facts: dict[str, str] | None = None):
    """Open the next step ``step`` (its event: "contact"), fill its typed fields and record it: a menu
    is chosen from, a document uploaded, anything else typed."""
    details = page.get_by_test_id(f"step-{step}")
    details.locator("summary").click()
    for name, value in (facts or {}).items():
        field = details.locator(f"[name=fact_{name}]")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "file":
            field.set_input_files({"name": value, "mimeType": "application/pdf", "buffer": b"%PDF-1.4"})
        else:
            field.fill(value)
    details.get_by_role("button", name="Record").click()


def state(page) -> str:
    return page.get_by_test_id("state").inner_text()


def test_from_consent_to_payment(as_user, live_server, creditor):
    from amends.core.clock import today
    from amends.law.interest import Accrual, delay_damages
    from amends.letters.models import Letter
    from amends.payments.models import Payment, PaymentProposal

    url = f"{live_server.url}/claims/{creditor.pk}/"

    # the caseworker opens the file, records the contact and the application with the consent
    kim = as_user("kim", "caseworker")
    kim.goto(url)
    kim.get_by_role("button", name="Open the claim file").click()
    assert state(kim) == "identified"
    record(kim, "contact", {"channel": "visit", "contacted_on": "2023-04-03", "summary": "met at home"})
    assert state(kim) == "contacted"
    record(
        kim,
        "apply",
        {
            "consent": "yes",
            "application_form_file": "application.pdf",
            "identity_document_file": "id-card.pdf",
            "bank_account_document_file": "passbook.pdf",
        },
    )
    assert state(kim) == "applied"

    # a legal reviewer verifies
    lee = as_user("lee", "legal_reviewer")
    lee.goto(url)
    record(lee, "verify", {"identity": "checked", "heirship": "the victim", "bank_account": "checked"})
    assert state(lee) == "verified"

    # the caseworker proposes a payment for today; the amount is fixed as of that date: 100,000,000
    # won and 20 % a year from 2013-06-19, as the interest engine computes it on its own
    on = today()
    kim.goto(url)
    record(kim, "propose_payment", {"planned_payment_date": on.isoformat()})
    assert state(kim) == "payment proposed"
    proposal = PaymentProposal.objects.get(claim__creditor=creditor)
    terms = [Accrual(date(2013, 6, 19), Fraction(20, 100))]
    assert proposal.amount == delay_damages(principal=100_000_000, accruals=terms, until=on).outstanding

    # the caseworker cannot approve it (not a finance officer; nor could they, having proposed it): the
    # step is shown with the role it needs, and no form to submit
    step = kim.get_by_test_id("step-approve_payment")
    assert step.count() == 1
    step.locator("summary").click()
    assert "Recorded by someone with the finance officer role." in step.inner_text()
    assert step.get_by_role("button", name="Record").count() == 0
    assert state(kim) == "payment proposed"

    # a finance officer approves, then confirms with the bank's reference and the amount approved
    park = as_user("park", "finance_officer")
    park.goto(url)
    record(park, "approve_payment")
    assert state(park) == "payment approved"
    record(
        park,
        "confirm_payment",
        {
            "bank_confirmation": "KB-0001",
            "paid_on": on.isoformat(),
            "amount_paid": f"{proposal.amount:,}",
        },
    )
    assert state(park) == "paid"
    assert Payment.objects.get(creditor=creditor).amount == proposal.amount

    # the caseworker sends the receipt in Korean; it is stored and appears on the timeline
    kim.goto(url)
    letters = kim.get_by_role("region", name="Letters").locator("form").first
    letters.get_by_label("Letter").select_option("receipt")
    letters.get_by_label("Language").select_option("ko")
    letters.get_by_role("button", name="Write and store the letter").click()
    kim.get_by_text("is stored").wait_for()
    row = kim.get_by_test_id("letter")
    assert row.count() == 1 and "Receipt" in row.inner_text()
    letter = Letter.objects.get(claim__creditor=creditor)
    assert (letter.kind, letter.language, letter.sent_by.username) == ("receipt", "ko", "kim")
