"""Admin for judgments, with the same checks as the services: accrual order and shares summing to 1;
the same role (caseworker), and an audit event for every row saved or deleted (the audited admin,
:mod:`amends.audit.audited_admin`: ``award.admin_change``, ``creditor.admin_create``, ...)."""

from fractions import Fraction

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from amends.audit.audited_admin import AuditedAdmin
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor, Defendant, Ruling
from amends.judgments.validators import normalize_case_number, validate_accrual_order, validate_shares


class AccrualFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        validate_accrual_order([form.cleaned_data["starts_on"] for form in kept])


class CreditorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        validate_shares(
            Fraction(form.cleaned_data["share_numerator"], form.cleaned_data["share_denominator"])
            for form in kept
            if form.cleaned_data.get("share_denominator")
        )


class AccrualInline(AuditedAdmin, admin.TabularInline):
    model = AccrualTerm
    formset = AccrualFormSet
    extra = 0


class CreditorInline(AuditedAdmin, admin.TabularInline):
    model = Creditor
    formset = CreditorFormSet
    extra = 0
    autocomplete_fields = ["person"]


class RulingInline(AuditedAdmin, admin.TabularInline):
    model = Ruling
    extra = 0


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "number",
            "number_confirmed",
            "court",
            "title",
            "filed_on",
            "final_ruling_on",
            "defendants",
            "notes",
        ]

    def clean_number(self):
        number = normalize_case_number(self.cleaned_data["number"])
        if not number:
            raise ValidationError("A case number is required.")
        return number


@admin.register(Defendant)
class DefendantAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["key", "name_ko", "name_ja", "name_en"]
    search_fields = ["key", "name_ko", "name_ja", "name_en", "formerly"]


@admin.register(Court)
class CourtAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "level"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Case)
class CaseAdmin(AuditedAdmin, admin.ModelAdmin):
    form = CaseForm
    list_display = ["number", "court", "final_ruling_on", "title"]
    search_fields = ["number", "title", "defendants__name_ko", "defendants__name_en"]
    list_filter = ["court", "defendants"]
    filter_horizontal = ["defendants"]
    inlines = [RulingInline]


@admin.register(Award)
class AwardAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["case", "victim", "principal", "method", "terms_assumed"]
    list_select_related = ["case", "victim"]
    search_fields = ["case__number", "victim__name_hangul", "victim__name_hanja", "victim__name_japanese"]
    autocomplete_fields = ["victim", "case"]
    inlines = [AccrualInline, CreditorInline]
