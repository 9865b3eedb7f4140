"""Admin for judgments. What decides who is owed what (an award's principal, its accrual terms, its
creditors and their shares) is only *seen* here, not even a superuser changes it: it is corrected
through the services with four eyes (``amends.judgments.services.*_correction_propose``, applied by a
different legal reviewer through ``amends.payments.corrections.correction_approve``), and corrections
are seen here too. Reference data that decides no amount (courts, defendants, a case's number, title,
defendants and rulings) stays editable through the audited admin (:mod:`amends.audit.audited_admin`:
the caseworker's role, an audit event for every row saved), but nothing is deleted here: deleting a
case would take its awards with it, and a defendant its place in every case."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from amends.audit.audited_admin import AuditedAdmin, ViewOnlyAdmin
from amends.judgments.models import AccrualTerm, Award, Case, Correction, Court, Creditor, Defendant, Ruling
from amends.judgments.validators import normalize_case_number


class NoDeletion:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AccrualInline(ViewOnlyAdmin, admin.TabularInline):
    model = AccrualTerm
    extra = 0


class CreditorInline(ViewOnlyAdmin, admin.TabularInline):
    model = Creditor
    fk_name = "award"
    extra = 0


class CorrectionInline(ViewOnlyAdmin, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "before", "after", "reason", "status", "proposed_by", "decided_by", "decided_at"]


class RulingInline(NoDeletion, AuditedAdmin, admin.TabularInline):
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
class DefendantAdmin(NoDeletion, AuditedAdmin, admin.ModelAdmin):
    list_display = ["key", "name_ko", "name_ja", "name_en"]
    search_fields = ["key", "name_ko", "name_ja", "name_en", "formerly"]


@admin.register(Court)
class CourtAdmin(NoDeletion, AuditedAdmin, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "level"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Case)
class CaseAdmin(NoDeletion, AuditedAdmin, admin.ModelAdmin):
    form = CaseForm
    list_display = ["number", "court", "final_ruling_on", "title"]
    search_fields = ["number", "title", "defendants__name_ko", "defendants__name_en"]
    list_filter = ["court", "defendants"]
    filter_horizontal = ["defendants"]
    inlines = [RulingInline]


@admin.register(Award)
class AwardAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["case", "victim", "principal", "method", "terms_assumed"]
    list_select_related = ["case", "victim"]
    search_fields = ["case__number", "victim__name_hangul", "victim__name_hanja", "victim__name_japanese"]
    inlines = [AccrualInline, CreditorInline, CorrectionInline]


@admin.register(Correction)
class CorrectionAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["award", "kind", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["award__case", "award__victim", "proposed_by", "decided_by"]
