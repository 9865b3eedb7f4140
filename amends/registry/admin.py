"""Admin for people and family facts: only *seen* here, not even a superuser changes them. Births,
deaths, parent–child links, marriages and renunciations decide who inherits what, so they are
recorded through the services (``amends.registry.services``; a death is reported by one person and
confirmed by a different legal reviewer, ``amends.payments.corrections.death_confirm``), each with its
checks and its audit event. Documents are evidence a correction rests on: seen, never replaced here."""

from django.contrib import admin

from amends.audit.audited_admin import ViewOnlyAdmin
from amends.registry.models import DeathReport, Document, Marriage, ParentChild, Person, Renunciation


class ParentInline(ViewOnlyAdmin, admin.TabularInline):
    model = ParentChild
    fk_name = "child"
    extra = 0
    verbose_name = "parent"


@admin.register(Person)
class PersonAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "name_hangul",
        "name_hanja",
        "name_japanese",
        "name_romanized",
        "birth_date",
        "death_date",
    ]
    search_fields = ["name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized"]
    list_filter = ["sex"]
    inlines = [ParentInline]
    # The resident registration number is personal data: recorded through the service
    # (registry.services.person_rrn_record, audited masked), never shown in full here.
    exclude = ["rrn"]


@admin.register(Document)
class DocumentAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["kind", "issued_on", "description", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["description"]


@admin.register(Marriage)
class MarriageAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["spouse_a", "spouse_b", "started_on", "ended_on"]
    search_fields = ["spouse_a__name_hangul", "spouse_b__name_hangul"]


@admin.register(Renunciation)
class RenunciationAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["person", "estate_of", "accepted_on"]
    search_fields = ["person__name_hangul", "estate_of__name_hangul"]


@admin.register(DeathReport)
class DeathReportAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["person", "died_on", "previous", "status", "proposed_by", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["person", "proposed_by", "decided_by"]
