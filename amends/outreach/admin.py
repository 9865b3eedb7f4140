"""Admin for the consultation record: events with their participants, agenda, press statements and
documents, and the positions of victims and civic groups. Every save and deletion here appends its
audit event in the admin's own transaction, as the services do."""

from django.contrib import admin

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


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class StatementInline(admin.StackedInline):
    model = PressStatement
    extra = 0


class DocumentInline(admin.TabularInline):
    model = ConsultationDocument
    extra = 0
    readonly_fields = ["uploaded_at"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(admin.ModelAdmin):
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

    def delete_queryset(self, request, queryset):
        for event in queryset:
            self.delete_model(request, event)


@admin.register(CivicPosition)
class CivicPositionAdmin(admin.ModelAdmin):
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

    def delete_queryset(self, request, queryset):
        for civic in queryset:
            self.delete_model(request, civic)
