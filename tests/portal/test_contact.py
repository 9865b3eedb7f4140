"""The foundation's contact details (AMENDS_CONTACT_*) where families are told to call: the portal and
the foot of every letter (issue 17)."""

import pytest
from django.urls import reverse

from amends.core.pdf import pdf_text, render_pdf

pytestmark = pytest.mark.django_db

CONTACT = {"phone": "02-123-4567", "email": "help@foundation.example", "address": "Seoul, Jongno-gu 1"}


def test_the_portal_gives_the_number_to_call(client, settings):
    # given the foundation's contact details
    settings.CONTACT = CONTACT

    # when a family member opens the portal, in English and in Korean
    english = client.get(reverse("portal:lookup"), headers={"Accept-Language": "en"}).content.decode()
    korean = client.get(reverse("portal:lookup"), headers={"Accept-Language": "ko"}).content.decode()

    # then where it says to call, it says where, and the footer has every way to reach the foundation
    assert "Lost your letter? Call us on 02-123-4567 and we will send a new code." in english
    assert '<a href="tel:021234567" data-testid="contact-phone">02-123-4567</a>' in english
    assert "mailto:help@foundation.example" in english and "Seoul, Jongno-gu 1" in english
    assert "02-123-4567번으로 전화" in korean


def test_without_a_number_the_portal_does_not_say_call_us(client, settings):
    # given no contact details configured
    settings.CONTACT = {"phone": "", "email": "", "address": ""}

    # when
    html = client.get(reverse("portal:lookup"), headers={"Accept-Language": "en"}).content.decode()

    # then it points to the foundation without promising a number
    assert "Call us" not in html and "call us" not in html
    assert 'data-testid="contact"' not in html
    assert "Lost your letter? Ask the Foundation and we will send a new code." in html


def test_a_letter_ends_with_the_contact_details(settings):
    # given
    settings.CONTACT = CONTACT
    context = {
        "kind": "status",
        "subject": "Where your claim stands",
        "body": "Your claim is verified.",
        "values": {"reference": "L-2025-000001", "date": "2025-01-02", "addressee": "Kim"},
    }

    # when the letter is printed in English
    text = pdf_text(render_pdf("letters/letter.html", context, language="en"))

    # then its foot says how to reach the foundation
    assert "Questions about this letter" in text
    assert "02-123-4567" in text and "help@foundation.example" in text
