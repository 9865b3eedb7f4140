"""Admin for people and family facts. Family links entered here get the services' checks (no cycle
of parents, at most two parents, no overlapping marriages) through the models' clean(), and the
services' role (caseworker) and audit events through the audited admin
(:mod:`amends.audit.audited_admin`: ``person.admin_change``, ``parentchild.admin_create``, ...)."""

from django.contrib import admin

from amends.audit.audited_admin import AuditedAdmin
from amends.registry.models import Document, Marriage, ParentChild, Person, Renunciation


class ParentInline(AuditedAdmin, admin.TabularInline):
    model = ParentChild
    fk_name = "child"
    extra = 0
    autocomplete_fields = ["parent", "document"]
    verbose_name = "parent"


@admin.register(Person)
class PersonAdmin(AuditedAdmin, admin.ModelAdmin):
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
    autocomplete_fields = ["death_document"]
    inlines = [ParentInline]


@admin.register(Document)
class DocumentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["kind", "issued_on", "description", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["description"]


@admin.register(Marriage)
class MarriageAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["spouse_a", "spouse_b", "started_on", "ended_on"]
    autocomplete_fields = ["spouse_a", "spouse_b", "document"]
    search_fields = ["spouse_a__name_hangul", "spouse_b__name_hangul"]


@admin.register(Renunciation)
class RenunciationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["person", "estate_of", "accepted_on"]
    autocomplete_fields = ["person", "estate_of", "document"]
    search_fields = ["person__name_hangul", "estate_of__name_hangul"]
