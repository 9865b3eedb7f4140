"""Admin for the consultation record: events with their participants, agenda, press statements and
documents, and the positions of victims and civic groups. Only caseworkers write here
(:class:`~amends.audit.audited_admin.RoleGatedAdmin`, which also deletes the selected rows one by one
in one transaction); every save and deletion appends its audit event in the admin's own transaction,
as the services do, with the services' action names and a round's snapshot holding its participants,
agenda and statements."""

from django.contrib import admin

from amends.audit.audited_admin import RoleGatedAdmin
from amends.audit.services import audit_append, snapshot
from amends.outreach.models import (
    AgendaItem,
    CivicPosition,
    ConsultationDocument,
    ConsultationEvent,
    Participant,
    PressStatement,
)
from amends.outreach.services import CIVIC_FIELDS, event_snapshot


class ParticipantInline(RoleGatedAdmin, admin.TabularInline):
    model = Participant
    extra = 0


class AgendaInline(RoleGatedAdmin, admin.TabularInline):
    model = AgendaItem
    extra = 0


class StatementInline(RoleGatedAdmin, admin.StackedInline):
    model = PressStatement
    extra = 0


class DocumentInline(RoleGatedAdmin, admin.TabularInline):
    model = ConsultationDocument
    extra = 0
    readonly_fields = ["uploaded_at"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(RoleGatedAdmin, admin.ModelAdmin):
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
class CivicPositionAdmin(RoleGatedAdmin, admin.ModelAdmin):
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
