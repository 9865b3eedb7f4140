from django import forms
from django.utils.translation import gettext_lazy as _

from amends.core.forms import IsoDateField
from amends.registry.models import Document, Person


class _DocumentFields(forms.Form):
    """An optional document proving the fact, uploaded when the fact is confirmed."""

    document_kind = forms.ChoiceField(label=_("Document"), choices=Document.Kind.choices, required=False)
    document_issued_on = IsoDateField(label=_("Issued on"), required=False)
    document_file = forms.FileField(label=_("File"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("document_file") and not (data.get("document_kind") and data.get("document_issued_on")):
            raise forms.ValidationError(_("Give the document's kind and date with its file."))
        return data


class DeathForm(_DocumentFields):
    died_on = IsoDateField(label=_("Date of death"))
    # Needed to correct a recorded date (issue 15); a first report may leave it empty.
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RenunciationForm(_DocumentFields):
    estate_of = forms.ModelChoiceField(label=_("Renounces the estate of"), queryset=Person.objects.none())
    accepted_on = IsoDateField(label=_("Accepted by the court on"))

    def __init__(self, *args, relatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate_of"].queryset = Person.objects.filter(
            pk__in=[p.pk for p in relatives if p.death_date is not None]
        )
