"""The portal's date of birth (issue 17): a plain text box, not the browser's date box (which writes
the date in the browser's locale) nor a calendar (a birth date is known by heart, and a calendar opens
ninety years away from it). On a phone it brings up the digit keypad, which has no hyphen, so eight
digits open the claim as well as 1923-02-03 and the dotted form written in Korea."""

import re

import pytest

from tests.portal.test_portal import BIRTH, CODE, NUMBER

pytestmark = pytest.mark.django_db


def test_the_box_is_a_text_box_with_the_digit_keypad_and_a_hint(client):
    page = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = re.search(r'<input[^>]*name="birth_date"[^>]*>', page).group()
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'autocomplete="bday"' in box
    assert "Year, month and day, for example 1935-04-01 or 19350401." in page
    korean = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "연, 월, 일. 예: 1935-04-01 또는 19350401" in korean


@pytest.mark.parametrize("typed", [BIRTH, BIRTH.replace("-", ""), "1923. 2. 3.", "1923.02.03"])
def test_the_claim_opens_with_the_birth_date_in_each_form_people_write_it(client, demo, typed):
    response = client.post("/portal/", {"number": NUMBER, "birth_date": typed, "code": CODE})
    assert response.status_code == 302 and response["Location"] == "/portal/status/"
