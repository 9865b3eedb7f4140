"""A caseworker records a creditor's consent and proposes the payment through the claim's typed forms,
in Korean, in a real browser (issue 17): the consent chosen from a menu, the documents uploaded, the
planned date in a date box, the amount typed as the pages write it; each form says first what it will
do, with the exact amount."""

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


def sign_in_in_korean(browser, live_server, username):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.get_by_role("heading", name="사건", level=1).wait_for()
    return context, page, errors


def test_consent_and_a_payment_proposal_through_the_typed_forms_in_korean(
    browser, live_server, creditor, django_user_model
):
    from amends.core.clock import today
    from amends.law.interest import Accrual, delay_damages
    from amends.payments import services
    from amends.payments.models import Claim, PaymentProposal
    from amends.registry.models import Document

    # given a claim file the caseworker kim opened, the creditor contacted
    kim = grant(
        django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True), "caseworker"
    )
    lee = grant(django_user_model.objects.create_user(username="lee", is_staff=True), "legal_reviewer")
    claim = services.claim_open(creditor=creditor, by=kim)
    services.claim_record(
        claim=claim,
        event="contact",
        by=kim,
        facts={"channel": "visit", "contacted_on": "2023-04-03", "summary": "met at home"},
    )
    context, page, errors = sign_in_in_korean(browser, live_server, "kim")
    url = f"{live_server.url}/claims/{creditor.pk}/"

    # when kim records the consent in Korean: yes from the menu, the three papers uploaded
    page.goto(url)
    assert page.get_by_test_id("state").inner_text() == "연락함"
    step = page.get_by_test_id("step-apply")
    step.locator("summary").click()
    assert "동의와 신청 기록" in step.locator("summary").inner_text()
    step.get_by_label("제3자 변제에 대한 동의").select_option(label="예: 채권자가 재단의 지급에 동의함")
    for name in ("application_form", "identity_document", "bank_account_document"):
        step.locator(f"[name=fact_{name}_file]").set_input_files(
            {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 scanned"}
        )
    step.get_by_role("button", name="기록").click()

    # then the claim stands at "applied", the papers in the registry
    page.get_by_test_id("state").filter(has_text="신청함").wait_for()
    assert Claim.objects.get(pk=claim.pk).state == "applied"
    assert Document.objects.filter(description__in=["application form", "identity document"]).count() == 2

    # given a legal reviewer verified it
    services.claim_record(
        claim=claim,
        event="verify",
        by=lee,
        facts={"identity": "checked", "heirship": "the victim", "bank_account": "checked"},
    )

    # when kim opens the proposal: it says what it pays, to whom and when, in Korean
    page.goto(url)
    owed = delay_damages(
        principal=100_000_000, accruals=[Accrual(date(2013, 6, 19), Fraction(20, 100))], until=today()
    ).outstanding
    step = page.get_by_test_id("step-propose_payment")
    step.locator("summary").click()
    sentence = (
        f"{today().isoformat()}에 {creditor.person.name_hangul} 님에게 {owed:,}원을 지급하도록 제안합니다"
    )
    assert sentence in step.get_by_test_id("consequence").inner_text()
    # the planned date is a date box holding today in ISO; the amount is typed as the pages write it
    date_box = step.locator("[name=fact_planned_payment_date]")
    assert date_box.get_attribute("type") == "text"  # YYYY-MM-DD, not the browser's locale (issue 17)
    assert date_box.input_value() == today().isoformat()
    step.locator("[name=fact_amount]").fill(f"{owed:,}원")
    step.get_by_role("button", name="기록").click()

    # then the payment is proposed for exactly that amount, and the page says so in Korean
    page.get_by_test_id("state").filter(has_text="지급 제안됨").wait_for()
    assert PaymentProposal.objects.get(claim=claim).amount == owed
    assert page.get_by_test_id("pending-amount").inner_text() == f"{owed:,}"
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"
