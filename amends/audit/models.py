"""The audit trail: one append-only, hash-chained row per change of state.

Every service that changes state appends an :class:`AuditEvent` in the same transaction as the change
(:func:`amends.audit.services.audit_append`), so a change and its record commit or roll back together.
Each event carries the SHA-256 of the one before it; :func:`amends.audit.selectors.verify_chain`
recomputes them all, and ``amends audit verify`` reports the first event that does not match.

History is never edited: a correction is a new event. The database refuses UPDATE and DELETE on the
event table (triggers made by migration ``0002_append_only``), and the application never issues them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amends.audit.chain import GENESIS_HASH, event_hash


def subject_key(instance: models.Model) -> tuple[str, str]:
    """``("judgments.award", "42")``: how an event names the row it is about."""
    if instance.pk is None:
        raise ValueError(f"{type(instance).__name__} is not saved: an audit subject needs a primary key")
    return f"{instance._meta.app_label}.{instance._meta.model_name}", str(instance.pk)


class AuditEvent(models.Model):
    """Who did what to which row, when, with the values before and after."""

    id = models.BigAutoField(primary_key=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # A user who acted stays on record: delete-protecting keeps the event's foreign key honest.
        on_delete=models.PROTECT,
        related_name="audit_events",
        help_text=_("Empty for the system and the demonstration data."),
    )
    actor_label = models.CharField(
        _("actor's name"), max_length=150, help_text=_("The username at the time, or “system”.")
    )
    action = models.CharField(_("action"), max_length=100)
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "sequence"], name="audit_event_subject")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gte=1), name="audit_event_sequence_from_1"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.subject_type}:{self.subject_id} ({self.actor_label})"

    def computed_hash(self) -> str:
        """The hash this event's fields give now; equal to ``hash`` unless the row was altered."""
        return event_hash(
            sequence=self.sequence,
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            before=self.before,
            after=self.after,
            previous_hash=self.previous_hash,
        )


class AuditChainHead(models.Model):
    """The single row that says where the chain ends: the last sequence and its hash.

    Appending locks this row (``SELECT … FOR UPDATE``), which serialises appends on PostgreSQL even
    when the event table is still empty and there is no event row to lock. It also lets
    :func:`~amends.audit.selectors.verify_chain` notice events removed from the end of the chain.

    ``seal`` is the HMAC of the head under ``settings.AUDIT_KEY`` (:func:`amends.audit.chain.head_seal`),
    a key the database never sees: whoever rewrites the row in SQL cannot seal it. On PostgreSQL the
    app's role may only move the head one event forward, onto the event just appended (a trigger,
    migration ``0003``); it may not delete it.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    seal = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="audit_chain_head_single_row"),
        ]

    def __str__(self) -> str:
        return f"audit chain head: {self.sequence} ({self.hash[:12]}…)"


def four_eyes(decider: str, proposer: str, *, name: str, message: str) -> models.CheckConstraint:
    """The database's own refusal of one person both preparing and deciding: ``decider`` is empty or
    someone other than ``proposer``. The services refuse it first, with the same ``message``."""
    return models.CheckConstraint(
        condition=Q(**{f"{decider}__isnull": True}) | ~Q(**{decider: models.F(proposer)}),
        name=name,
        violation_error_message=message,
    )


class Proposal(models.Model):
    """A change one person proposes and a different person decides (four eyes): a correction of what
    an award owes (``judgments.Correction``), a death reported or its date corrected
    (``registry.DeathReport``). The subclass names its ``status`` choices, whose first value is
    ``proposed``, and puts :meth:`four_eyes_constraints` in its ``Meta``;
    :func:`amends.audit.services.proposal_decidable` and :func:`~amends.audit.services.proposal_decided`
    lock, check and close it with its audit event."""

    PROPOSED = "proposed"

    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal = models.TextField(_("why it was refused"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-proposed_at", "-id"]

    @staticmethod
    def four_eyes_constraints(prefix: str, *, self_decision: str) -> list[models.CheckConstraint]:
        """Four eyes, and a decided proposal names who decided it (an open one names nobody)."""
        return [
            four_eyes("decided_by", "proposed_by", name=f"{prefix}_four_eyes", message=self_decision),
            models.CheckConstraint(
                condition=(Q(status="proposed") & Q(decided_by__isnull=True))
                | (~Q(status="proposed") & Q(decided_by__isnull=False)),
                name=f"{prefix}_decided_by_someone",
            ),
        ]
