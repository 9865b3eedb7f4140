"""Letters: rendered in Korean, English and Japanese, stored as sent, on the creditor's timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from amends.audit.models import AuditEvent
from amends.core.pdf import pdf_text
from amends.judgments.models import Creditor
from amends.law.claim_numbers import is_well_formed
from amends.letters import services
from amends.letters.models import Kind, Letter, LetterTemplate
from amends.payments.models import Claim
from amends.portal import services as portal_services
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo):
    # The living plaintiff of the Nagoya case: 120,000,000 won, 5 % then 20 % a year (demo portal claim).
    return Claim.objects.get(portal_access__number="AM-2018-00001")


@pytest.fixture
def caseworker(django_user_model):
    return grant(django_user_model.objects.create_user(username="kim"), "caseworker")


def test_the_offer_letter_in_korean_states_the_amount_and_its_calculation(claim, caseworker):
    # when
    letter = services.letter_send(claim=claim, kind=Kind.OFFER, language="ko", by=caseworker)

    # then the PDF's text is Korean, with the amount owed as of today and the lines of the calculation
    text = pdf_text(bytes(letter.pdf))
    assert "일제강제동원피해자지원재단" in text
    assert "판결금 지급 안내" in text
    assert "AM-2018-00001" in text and "2015다45420" in text
    # with the particle the case number takes (…사백이십: 이), not both forms
    assert "2015다45420이 " in text and "이(가)" not in text
    assert f"{letter.facts['amount']:,}원" in text
    assert "2015-05-13 2015-06-24 5 % 120,000,000 0 43 / 366 704,918" in text
    # and the letter is stored with its template version, who sent it, and an audit event
    assert (letter.language, letter.template.version, letter.sent_by) == ("ko", 1, caseworker)
    assert AuditEvent.objects.filter(action="letter.send", subject_id=str(letter.pk)).count() == 1


def test_a_letter_carries_the_claim_number_before_any_portal_code_is_issued(demo, caseworker):
    # given a claim opened today, with no portal access
    from amends.payments.services import claim_open

    creditor = Creditor.objects.filter(claim__isnull=True, person__death_date__isnull=True).first()
    claim = claim_open(creditor=creditor, by=caseworker)
    assert not hasattr(claim, "portal_access")

    # when an offer is written
    letter = services.letter_send(claim=claim, kind=Kind.OFFER, language="en", by=caseworker)

    # then it carries the claim's own number, of the portal's form
    assert is_well_formed(claim.number)
    assert claim.number in pdf_text(bytes(letter.pdf))


def test_the_consent_form_in_japanese_renders_kanji_and_kana(claim, caseworker):
    # when
    letter = services.letter_send(claim=claim, kind=Kind.CONSENT, language="ja", by=caseworker)

    # then
    text = pdf_text(bytes(letter.pdf))
    assert "第三者弁済の同意書" in text
    assert "民法第469条" in text
    assert "日帝強制動員被害者支援財団" in text
    assert "署名または押印" in text


def test_the_decision_letter_in_english_says_in_plain_words_where_the_claim_stands(claim, caseworker):
    letter = services.letter_send(claim=claim, kind=Kind.DECISION, language="en", by=caseworker)

    text = " ".join(pdf_text(bytes(letter.pdf)).split())
    assert "Decision on your claim" in text
    assert "We know you are entitled under the judgment, and we will contact you." in text


def test_a_stored_letter_cannot_be_changed_or_deleted(claim, caseworker):
    letter = services.letter_send(claim=claim, kind=Kind.DECISION, language="ko", by=caseworker)

    with pytest.raises(ValueError):
        letter.save()
    with pytest.raises(ValueError):
        letter.delete()


def test_a_receipt_needs_a_payment_on_record(claim, caseworker):
    with pytest.raises(ValidationError) as refused:
        services.letter_send(claim=claim, kind=Kind.RECEIPT, language="ko", by=caseworker)

    assert "kind" in refused.value.message_dict
    assert not Letter.objects.exists()


def test_only_a_caseworker_sends_letters(claim, django_user_model):
    auditor = grant(django_user_model.objects.create_user(username="jung"), "auditor")

    with pytest.raises(PermissionDenied):
        services.letter_send(claim=claim, kind=Kind.OFFER, language="ko", by=auditor)


def test_revised_wording_is_a_new_version_and_earlier_letters_keep_theirs(claim, caseworker):
    # given a letter from the seeded wording
    first = services.letter_send(claim=claim, kind=Kind.DECISION, language="ko", by=caseworker)

    # when the wording is revised
    revised = services.template_revise(
        kind=Kind.DECISION,
        language="ko",
        subject="청구 결정 안내",
        body="{{ addressee }} 님께\n\n{{ decision }}\n\n문의: 02-000-0000",
        by=caseworker,
    )
    second = services.letter_send(claim=claim, kind=Kind.DECISION, language="ko", by=caseworker)

    # then the new letter uses version 2 and the first still names version 1
    assert revised.version == 2
    assert second.template == revised
    first.refresh_from_db()
    assert first.template.version == 1
    assert "문의: 02-000-0000" in pdf_text(bytes(second.pdf))
    assert LetterTemplate.objects.filter(kind=Kind.DECISION, language="ko").count() == 2


@pytest.mark.parametrize(
    "body",
    ["{% load static %}{{ addressee }}", "{% include 'base.html' %}", "{{ claim.creditor.person.rrn }}"],
)
def test_wording_may_not_reach_beyond_its_placeholders(demo, caseworker, body):
    with pytest.raises(ValidationError) as refused:
        services.template_revise(kind=Kind.OFFER, language="ko", subject="x", body=body, by=caseworker)

    assert "body" in refused.value.message_dict


def test_a_donors_receipt_renders_from_a_plain_context(db):
    # when the fund app asks for a receipt for a contribution
    letter = services.donor_receipt_send(
        context={
            "donor_name": "포스코",
            "amount": 4_000_000_000,
            "received_on": "2023-03-15",
            "contribution": 7,
        },
        language="ko",
        by=None,
    )

    # then
    text = pdf_text(bytes(letter.pdf))
    assert "기부금 영수증" in text and "포스코" in text and "4,000,000,000" in text
    assert letter.claim is None and letter.facts["contribution"] == 7


def test_letters_appear_on_the_creditors_timeline_and_download_for_staff(claim, caseworker, staff_client):
    letter = services.letter_send(claim=claim, kind=Kind.OFFER, language="ja", by=caseworker)

    page = staff_client.get(f"/claims/{claim.creditor_id}/").content.decode()
    assert "Letter sent" in page and letter.reference in page
    assert f"/letters/{letter.pk}.pdf" in page

    response = staff_client.get(f"/letters/{letter.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(letter.pdf)


def test_staff_send_a_letter_from_the_claim_page(claim, staff_client):
    response = staff_client.post(f"/letters/claims/{claim.pk}/send/", {"kind": "consent", "language": "en"})

    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.language, letter.claim) == ("consent", "en", claim)


def test_a_portal_code_letter_is_printed_once_and_stored_with_the_code_masked(claim, staff_client):
    from amends.portal.models import PortalAccess
    from amends.portal.services import code_hash

    # when the caseworker issues a new code from the claim page
    response = staff_client.post(f"/letters/claims/{claim.pk}/portal-code/", {"language": "ko"})

    # then the printed letter carries the claim number and a code that opens the portal
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "AM-2018-00001" in text and "http://testserver/portal/" in text
    code = next(word for word in text.split() if len(word) == 9 and word[4] == "-" and word != "AM-2018-0")
    assert PortalAccess.objects.get(claim=claim).code_hash == code_hash(code)
    # and the stored copy, under the same reference, shows none of the code
    stored = Letter.objects.get(claim=claim, kind=Kind.PORTAL_ACCESS)
    stored_text = pdf_text(bytes(stored.pdf))
    assert code not in stored_text and "••••-••••" in stored_text
    assert code[-2:] not in stored_text.split("••••-••••")[1].split()[0]
    assert stored.reference in text


def _portal_state(claim):
    from amends.portal.models import PortalAccess

    access = PortalAccess.objects.get(claim=claim)
    return access.code_hash, access.code_issued_at, Letter.objects.count(), AuditEvent.objects.count()


def test_a_portal_code_in_a_language_letters_are_not_written_in_changes_nothing(claim, staff_client):
    # given the family's current code
    before = _portal_state(claim)

    # when a code is asked for in French
    response = staff_client.post(f"/letters/claims/{claim.pk}/portal-code/", {"language": "fr"})

    # then the caseworker is told, the old code still opens the portal, and nothing is written
    assert response.status_code == 302
    assert _portal_state(claim) == before


def test_a_portal_code_whose_letter_fails_to_print_is_not_issued(claim, caseworker, monkeypatch):
    # given the PDF renderer fails
    before = _portal_state(claim)

    def broken(*args, **kwargs):
        raise OSError("the PDF renderer failed")

    monkeypatch.setattr(services, "render_pdf", broken)

    # when a new code is issued
    with pytest.raises(OSError):
        portal_services.portal_code_letter_issue(
            claim=claim, language="ko", portal_url="https://x/portal/", by=caseworker
        )

    # then the old code still works and no letter or audit event was written
    assert _portal_state(claim) == before


def test_the_portal_code_letter_is_not_sent_from_the_generic_form(claim, caseworker):
    with pytest.raises(ValidationError) as refused:
        services.letter_send(claim=claim, kind=Kind.PORTAL_ACCESS, language="ko", by=caseworker)

    assert "kind" in refused.value.message_dict
    assert not Letter.objects.exists()


def test_rendering_a_letter_unstored_checks_who_asks_and_whether_it_applies(
    claim, caseworker, django_user_model
):
    auditor = grant(django_user_model.objects.create_user(username="jung"), "auditor")

    with pytest.raises(PermissionDenied):
        services.letter_render_unstored(claim=claim, kind=Kind.OFFER, language="ko", extra={}, by=auditor)
    with pytest.raises(ValidationError) as refused:
        services.letter_render_unstored(
            claim=claim, kind=Kind.RECEIPT, language="ko", extra={}, by=caseworker
        )
    assert "kind" in refused.value.message_dict


def test_two_letters_drawing_the_same_reference_are_both_stored(claim, caseworker, monkeypatch):
    # given a letter already holds the reference the next letter draws (as when two are written at once)
    first = services.letter_send(claim=claim, kind=Kind.OFFER, language="ko", by=caseworker)
    real_reference = services._reference
    drawn = iter([first.reference])
    monkeypatch.setattr(services, "_reference", lambda kind: next(drawn, None) or real_reference(kind))

    # when the next letter is sent
    second = services.letter_send(claim=claim, kind=Kind.DECISION, language="ko", by=caseworker)

    # then it is stored under the next free reference, which its PDF states
    assert second.reference != first.reference
    assert second.reference in pdf_text(bytes(second.pdf))
    assert Letter.objects.count() == 2


@pytest.mark.parametrize(
    "body",
    [
        '{{ amount|divisibleby:"2" }}',
        '{{ addressee|center:"999999999" }}',
        "{{ addressee|upper }}",
        "{% %}",
        "{{ }}",
        "{% if claim.creditor.person.rrn %}x{% endif %}",
        "{% if secret %}x{% endif %}",
        '{% if amount|divisibleby:"2" %}x{% endif %}',
        "{% if amount %}x",
        "{% if %}x{% endif %}",
    ],
)
def test_wording_that_would_break_or_exhaust_a_letter_is_refused(demo, caseworker, body):
    # when staff save wording with a filter, an empty tag or a condition on an unknown name
    with pytest.raises(ValidationError) as refused:
        services.template_revise(kind=Kind.OFFER, language="ko", subject="x", body=body, by=caseworker)

    # then it is refused on the body, and no version is stored
    assert "body" in refused.value.message_dict
    assert not LetterTemplate.objects.filter(kind=Kind.OFFER, version__gt=1).exists()


def test_wording_may_choose_between_texts_on_its_placeholders(claim, caseworker):
    # given wording with a condition on a placeholder and a literal
    services.template_revise(
        kind=Kind.OFFER,
        language="en",
        subject="Offer",
        body='{% if on == "2000-01-01" %}Long ago{% elif amount %}Owed: {{ amount }}{% else %}-{% endif %}',
        by=caseworker,
    )

    # when a letter is sent, then it renders
    letter = services.letter_send(claim=claim, kind=Kind.OFFER, language="en", by=caseworker)
    assert "Owed:" in pdf_text(bytes(letter.pdf))


def test_every_default_wording_passes_the_check():
    for kind in Kind:
        for language in services.LANGUAGES:
            services._check_body(str(services._default_template(kind=kind, language=language).body), kind)


def test_reading_the_wording_page_writes_nothing(demo, staff_client):
    # when staff open the wording of a letter never sent
    page = staff_client.get("/letters/templates/decision/en/").content.decode()

    # then the default wording is shown as version 1, and nothing is stored or audited
    assert "Decision on your claim" in page and "v1" in page
    assert not LetterTemplate.objects.filter(kind="decision", language="en").exists()
    assert not AuditEvent.objects.filter(action="letter_template.seed").exists()


def test_staff_edit_the_wording_on_a_page_and_each_save_is_a_version(demo, staff_client):
    page = staff_client.get("/letters/templates/offer/ja/").content.decode()
    assert "判決金のお支払いのご案内" in page  # version 1, seeded from the Japanese catalogue

    response = staff_client.post(
        "/letters/templates/offer/ja/",
        {"subject": "お支払いのご案内", "body": "{{ addressee }} 様\n\n{{ amount }}ウォン"},
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.filter(kind="offer", language="ja").count() == 2

    refused = staff_client.post("/letters/templates/offer/ja/", {"subject": "x", "body": "{% load static %}"})
    assert refused.status_code == 200
    assert LetterTemplate.objects.filter(kind="offer", language="ja").count() == 2


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
