"""Form fields every app shares.

A date is typed as ``YYYY-MM-DD``, the form every page shows it in (issue 17). Not the browser's
``<input type="date">``: Chromium writes that in the browser's locale (``12/04/2026``,
``2026. 12. 04.``), whatever the page's language. The box is a plain text box with the hint
``YYYY-MM-DD``; ``amends/dates.js`` adds a button opening a calendar (cally, vendored in
``core/static/vendor/cally``) and rewrites ``20261204`` or ``2026. 12. 4.`` as ``2026-12-04`` when the
box is left. Without JavaScript it stays a text box. The server reads ISO only
(:func:`amends.core.parsing.parse_day`) and refuses anything else beside the field.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amends.core.parsing import parse_day

# The attributes of every date box, here and in the templates that write one by hand
# (``data-date`` is what amends/dates.js looks for).
DATE_ATTRS = {
    "data-date": "",
    "placeholder": "YYYY-MM-DD",
    "pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "autocomplete": "off",
    "spellcheck": "false",
    "size": "10",
}


class IsoDateInput(forms.DateInput):
    """A text box holding a date as ``YYYY-MM-DD``."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date as ``YYYY-MM-DD`` and nothing else (not the locale's ``12/04/2026``)."""

    widget = IsoDateInput
    default_error_messages = {"invalid": _("Give the date as YYYY-MM-DD.")}

    def to_python(self, value: object) -> date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_day(value, "date")
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
