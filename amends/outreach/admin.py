"""Admin for the consultation record: events with their participants, agenda, press statements and
documents, and the positions of victims and civic groups. Every save and deletion here appends its
audit event in the admin's own transaction, as the services do."""

from django.contrib import admin
from django.db import transaction

from amends.audit.services import audit_append, snapshot
from amends.core.roles import CASEWORKER, has_role
from amends.outreach.models import (
    AgendaItem,
    CivicPosition,
    ConsultationDocument,
    ConsultationEvent,
    Participant,
    PressStatement,
)
from amends.outreach.services import CIVIC_FIELDS, event_snapshot


class CaseworkerOnly:
    """Only caseworkers (and superusers, who hold every role) add, change or delete the record, as
    the services require; the "Delete selected" action runs in one transaction with its audit events."""

    def has_add_permission(self, request, *args):
        return has_role(request.user, CASEWORKER) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return has_role(request.user, CASEWORKER) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return has_role(request.user, CASEWORKER) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ParticipantInline(CaseworkerOnly, admin.TabularInline):
    model = Participant
    extra = 0


class AgendaInline(CaseworkerOnly, admin.TabularInline):
    model = AgendaItem
    extra = 0


class StatementInline(CaseworkerOnly, admin.StackedInline):
    model = PressStatement
    extra = 0


class DocumentInline(CaseworkerOnly, admin.TabularInline):
    model = ConsultationDocument
    extra = 0
    readonly_fields = ["uploaded_at"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(CaseworkerOnly, admin.ModelAdmin):
    list_display = ["date", "date_precision", "kind", "level", "place"]
    list_filter = ["kind", "level"]
    search_fields = ["place", "host", "summary", "outcome", "position_kr", "position_jp"]
    date_hierarchy = "date"
    inlines = [ParticipantInline, AgendaInline, StatementInline, DocumentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        audit_append(
            actor=request.user,
            action="consultation.change" if change else "consultation.record",
            subject=event,
            after=event_snapshot(event),
        )

    def delete_model(self, request, obj):
        audit_append(
            actor=request.user, action="consultation.delete", subject=obj, before=event_snapshot(obj)
        )
        super().delete_model(request, obj)


@admin.register(CivicPosition)
class CivicPositionAdmin(CaseworkerOnly, admin.ModelAdmin):
    list_display = ["date", "date_precision", "group", "source"]
    search_fields = ["group", "position", "source"]
    date_hierarchy = "date"
    autocomplete_fields = ["event"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_append(
            actor=request.user,
            action="civic_position.change" if change else "civic_position.record",
            subject=obj,
            after=snapshot(obj, CIVIC_FIELDS),
        )

    def delete_model(self, request, obj):
        audit_append(
            actor=request.user,
            action="civic_position.delete",
            subject=obj,
            before=snapshot(obj, CIVIC_FIELDS),
        )
        super().delete_model(request, obj)
