"""Date boxes read YYYY-MM-DD and nothing else (issue 17): the box is a text box in ISO form on every
page (never the browser's date box, which Chromium writes in the browser's locale), and a date in
another form is refused beside its field, in the reader's language."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from amends.core.forms import IsoDateField, IsoDateInput
from amends.registry.forms import DeathForm

AMENDS = Path(__file__).resolve().parents[2] / "amends"


@pytest.mark.parametrize("typed", ["2026-12-04", " 2026-12-04 ", "20261204"])
def test_an_iso_date_is_read(typed):
    assert IsoDateField().clean(typed) == date(2026, 12, 4)


@pytest.mark.parametrize(
    "typed", ["12/04/2026", "04.12.2026", "2026. 12. 4.", "2026-13-01", "2026-02-30", "어제"]
)
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Give the date as YYYY-MM-DD."),
        ("ko", "날짜를 YYYY-MM-DD 형식으로 입력하십시오."),
    ],
)
def test_any_other_form_is_refused_in_the_readers_language(typed, language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            IsoDateField().clean(typed)
        assert refused.value.messages == [message]


def test_a_form_names_the_field_it_refuses_and_keeps_what_was_typed():
    form = DeathForm(data={"died_on": "12/04/2026"})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["died_on"] == ["Give the date as YYYY-MM-DD."]
    assert 'value="12/04/2026"' in str(form["died_on"])


def test_the_box_is_a_text_box_in_iso_form():
    html = IsoDateInput().render("paid_on", date(2026, 12, 4))
    assert 'type="text"' in html
    assert 'value="2026-12-04"' in html
    assert 'placeholder="YYYY-MM-DD"' in html
    assert "data-date" in html  # what amends/dates.js gives a calendar button


def test_no_page_uses_the_browsers_date_box():
    """A template or form that asks for ``<input type="date">`` or a plain ``forms.DateField`` would
    bring back the locale's date form; each date box is IsoDateField or a text box marked data-date."""
    offending = []
    for path in AMENDS.rglob("*"):
        if (
            path.suffix not in {".html", ".py"}
            or "migrations" in path.parts
            or path == AMENDS / "core" / "forms.py"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r'type="date"',
            r"'type': 'date'",
            r'"type": "date"',
            r"forms\.DateField\(",
            r"forms\.DateInput\(",
        ):
            if re.search(pattern, text):
                offending.append(f"{path.relative_to(AMENDS)}: {pattern}")
        for box in re.findall(r"<input[^>]*data-date[^>]*>", text):
            if 'type="text"' not in box or 'placeholder="YYYY-MM-DD"' not in box:
                offending.append(f"{path.relative_to(AMENDS)}: {box[:80]}")
    assert offending == []
