from django import forms
from django.utils.translation import gettext_lazy as _

from amends.law.money import Rounding


class EvaluationForm(forms.Form):
    """The date (and rounding rule) for which a case page shows what is owed."""

    on = forms.DateField(label=_("Owed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    rounding = forms.ChoiceField(
        label=_("Rounding"),
        required=False,
        choices=[(Rounding.FLOOR.value, _("floor (원 미만 버림)")), (Rounding.HALF_UP.value, _("half-up"))],
    )
