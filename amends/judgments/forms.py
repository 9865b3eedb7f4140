from django import forms
from django.utils.translation import gettext_lazy as _

from amends.core.forms import IsoDateField
from amends.law.money import Rounding


class EvaluationForm(forms.Form):
    """The date (and rounding rule) for which a case page shows what is owed."""

    on = IsoDateField(label=_("Owed on"), required=False)
    rounding = forms.ChoiceField(
        label=_("Rounding"),
        required=False,
        choices=[(Rounding.FLOOR.value, _("floor (원 미만 버림)")), (Rounding.HALF_UP.value, _("half-up"))],
    )
