"""Each step of a claim's lifecycle as a form of its own, with typed fields (issue 17).

The steps and the facts each needs come from :mod:`amends.law.lifecycle` (``requires``, ``optional``);
what a fact *is* (a date, an amount of won, a choice, a document) is said here, once, in
:data:`KINDS`. A form reads what was typed into the facts as text
(:func:`amends.payments.services.claim_record` takes them so: ISO dates, whole won as digits), and
refuses what is not of its kind next to the field. Whether a step may be recorded now, by whom and
with what amount stays the service's to decide: a form never repeats a rule of the lifecycle.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amends.core.forms import IsoDateField
from amends.core.labels import FACTS
from amends.core.parsing import parse_won
from amends.law.lifecycle import Event, Transition

# What each fact is; a fact not named here is a line of text.
DATE, AMOUNT, CHOICE, CHECK, DOCUMENT, COURT, TEXT = (
    "date",
    "amount",
    "choice",
    "check",
    "document",
    "court",
    "text",
)
KINDS = {
    "contacted_on": DATE,
    "planned_payment_date": DATE,
    "paid_on": DATE,
    "returned_on": DATE,
    "planned_lodging_date": DATE,
    "lodged_on": DATE,
    "decided_on": DATE,
    "filed_on": DATE,
    "collected_on": DATE,
    "withdrawn_on": DATE,
    "died_on": DATE,
    "amount": AMOUNT,
    "amount_paid": AMOUNT,
    "channel": CHOICE,
    "consent": CHOICE,
    "ground": CHOICE,
    "not_sent": CHECK,
    "application_form": DOCUMENT,
    "identity_document": DOCUMENT,
    "bank_account_document": DOCUMENT,
    "receipt": DOCUMENT,
    "court": COURT,
}

# The values a choice may take: stored as the value (the same in every language), shown as the label.
CHOICES = {
    "channel": [
        ("visit", _("a visit")),
        ("call", _("a telephone call")),
        ("letter", _("a letter")),
        ("meeting", _("a meeting")),
    ],
    "consent": [
        ("yes", _("yes: the creditor consents to the foundation's payment")),
        ("no", _("no")),
    ],
    "ground": [
        ("refusal", _("the creditor refuses to accept the payment (수령거절)")),
        ("objection", _("the creditor objects to a third party's payment (Civil Act Art. 469(1))")),
        ("unable", _("the creditor cannot accept it (수령불능)")),
        ("unknown", _("the creditor cannot be ascertained (채권자 불확지)")),
    ],
}

# Amounts the service computes itself when none is typed: a payment's is what is owed on the planned
# date, a deposit's the whole debt on the lodging date.
COMPUTED = {(Event.PROPOSE_PAYMENT, "amount"), (Event.PROPOSE_DEPOSIT, "amount")}


class WonField(forms.CharField):
    """A whole number of won, as the pages show it (``369,863,013``) or as typed (``369863013원``)."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_won(text, "amount")
        except ValidationError:
            raise ValidationError(
                _("Give a whole number of won, such as 369,863,013."), code="invalid"
            ) from None


class StepForm(forms.Form):
    """The facts of one step (``transition``). ``documents``: the registry's documents of the person, to
    choose from for a document fact (or a file is uploaded); ``courts``: the courts' names."""

    def __init__(self, *args, transition: Transition, documents=(), courts=(), **kwargs):
        # Several steps' forms share a page: each its own ids (the fields' names stay fact_<name>).
        kwargs.setdefault("auto_id", f"id_{transition.event}_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.documents = {str(document.pk): document for document in documents}
        for fact in (*transition.requires, *transition.optional):
            required = fact in transition.requires and (transition.event, fact) not in COMPUTED
            self._add(fact, required=required, courts=courts)

    def _add(self, fact: str, *, required: bool, courts) -> None:
        kind = KINDS.get(fact, TEXT)
        label = FACTS.get(fact, fact.replace("_", " "))
        needed = {"required": _("This is needed for this step.")}
        name = f"fact_{fact}"
        if kind == DATE:
            field = IsoDateField(label=label, required=required, error_messages=needed)
        elif kind == AMOUNT:
            field = WonField(label=label, required=required, error_messages=needed)
        elif kind == CHOICE:
            field = forms.ChoiceField(
                label=label, required=required, choices=[("", "—"), *CHOICES[fact]], error_messages=needed
            )
        elif kind == COURT:
            # The courts on record are offered, not imposed: a deposit goes to a district court's
            # deposit office (공탁소), which the judgments' courts need not include.
            field = forms.CharField(label=label, required=required, error_messages=needed)
            field.suggestions = list(courts)
        elif kind == CHECK:
            field = forms.BooleanField(label=label, required=required, error_messages=needed)
        elif kind == DOCUMENT:
            # One of the person's documents, or a file uploaded now: either will do (see clean).
            field = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "—"), *((pk, str(document)) for pk, document in self.documents.items())],
            )
            upload = forms.FileField(label=label, required=False)
            upload.kind, upload.fact = "upload", fact
            self.fields[f"{name}_file"] = upload
            field.needed = required
        else:
            field = forms.CharField(label=label, required=required, error_messages=needed)
        field.kind, field.fact = kind, fact
        self.fields[name] = field

    @property
    def rows(self) -> list[dict]:
        """The fields to show, in order: each fact's field, and beside a document fact its upload."""
        return [
            {"field": self[name], "upload": self[f"{name}_file"] if field.kind == DOCUMENT else None}
            for name, field in self.fields.items()
            if field.kind != "upload"
        ]

    def clean(self):
        data = super().clean()
        if data.get("fact_consent") == "no":
            self.add_error(
                "fact_consent",
                _("Without the creditor's consent the foundation does not pay: record a refusal instead."),
            )
        for name, field in self.fields.items():
            chosen = data.get(name) or data.get(f"{name}_file")
            if getattr(field, "kind", None) == DOCUMENT and field.needed and not chosen:
                self.add_error(name, _("Choose one of the person's documents or upload the file."))
        return data

    def facts(self, uploaded: dict | None = None) -> dict[str, str]:
        """What was typed, as the facts the service takes (after :meth:`is_valid`); ``uploaded``: the
        document stored for each document fact whose file was uploaded."""
        facts = {}
        for name, field in self.fields.items():
            kind, value = getattr(field, "kind", None), self.cleaned_data.get(name)
            if kind == DOCUMENT and uploaded and field.fact in uploaded:  # a file just uploaded wins
                facts[field.fact] = document_fact(uploaded[field.fact])
                continue
            if kind in (None, "upload") or value in (None, "", False):
                continue
            if kind == DATE:
                value = value.isoformat()
            elif kind == AMOUNT:
                value = str(value)
            elif kind == CHECK:
                value = "yes"
            elif kind == DOCUMENT:
                value = document_fact(self.documents[value])
            facts[field.fact] = value.strip() if isinstance(value, str) else value
        return facts

    def uploads(self) -> dict:
        """The files uploaded, by the fact they document (after :meth:`is_valid`)."""
        return {
            field.fact: self.cleaned_data[name]
            for name, field in self.fields.items()
            if getattr(field, "kind", None) == "upload" and self.cleaned_data.get(name)
        }


def document_fact(document) -> str:
    """How a document is named in the claim's facts: its number in the registry, kind and date, the
    same in every language (the timeline shows it as recorded)."""
    return f"document #{document.pk} ({document.kind}, {document.issued_on.isoformat()})"
