"""Outreach: the record of the bilateral consultations between Korea and Japan on the judgments, and
the stated positions of victims and civic groups, kept beside the programme's own events.

A :class:`ConsultationEvent` is one dated event of the diplomatic process as publicly reported: a
consultation round (협의) at a stated level, or a public hearing or government announcement around
it. A round carries its participants on each side (officials by title; no private persons' data),
its agenda, each side's stated position, the outcome, press statements and linked documents. A
:class:`CivicPosition` is a position stated by victims or a civic group (시민단체), with its source.

Some reports give only a month or a year: a date is stored as its first day with its precision
(:class:`DatePrecision`), and shown as precisely as it is known, never more.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Side(models.TextChoices):
    KR = "KR", _("Korea")
    JP = "JP", _("Japan")


def partial_date_text(value, precision: str) -> str:
    """``2023-04`` for a month, ``2023`` for a year, ``2023-04-14`` for a day: as precise as known."""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class PartiallyDated(models.Model):
    date = models.DateField(
        _("date"), help_text=_("The first day of the month or year when only that is known.")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        abstract = True

    @property
    def date_text(self) -> str:
        return partial_date_text(self.date, self.date_precision)

    def clean(self) -> None:
        super().clean()
        if self.date is None:
            return
        if self.date_precision == DatePrecision.MONTH and self.date.day != 1:
            raise ValidationError({"date": _("A date known only to the month is stored as its first day.")})
        if self.date_precision == DatePrecision.YEAR and (self.date.month, self.date.day) != (1, 1):
            raise ValidationError({"date": _("A date known only to the year is stored as 1 January.")})


class ConsultationEvent(PartiallyDated):
    """One event of the bilateral process: a consultation round, a public hearing, an announcement."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation round")
        PUBLIC_HEARING = "public_hearing", _("public hearing")
        ANNOUNCEMENT = "announcement", _("announcement")
        OTHER = "other", _("other event")

    class Level(models.TextChoices):
        WORKING = "working", _("working level")
        DIRECTOR_GENERAL = "director_general", _("director-general")
        VICE_MINISTER = "vice_minister", _("vice-minister")
        MINISTER = "minister", _("minister")
        SUMMIT = "summit", _("summit")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("For a consultation round: the rank of the heads of delegation."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    duration = models.CharField(_("duration"), max_length=100, blank=True, help_text=_("As reported."))
    summary = models.TextField(_("what happened"), blank=True)
    position_kr = models.TextField(_("Korea's stated position"), blank=True)
    position_jp = models.TextField(_("Japan's stated position"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")
        ordering = ["date", "id"]
        constraints = [
            # What makes an import idempotent: one event of a kind, on a day, at a level and a place.
            models.UniqueConstraint(
                fields=["kind", "date", "date_precision", "level", "place"], name="consultation_event_once"
            ),
            models.CheckConstraint(
                condition=Q(level="") | Q(kind="consultation"),
                name="consultation_level_only_for_rounds",
                violation_error_message=_("Only a consultation round has a level."),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_level_display() if self.level else self.get_kind_display()
        return f"{self.date_text} {label}" + (f" · {self.place}" if self.place else "")

    @property
    def is_round(self) -> bool:
        return self.kind == self.Kind.CONSULTATION


class Participant(models.Model):
    """A member of one side's delegation, by office (officials are named by their title)."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField(_("side"), max_length=2, choices=Side.choices)
    title = models.CharField(_("office or title"), max_length=300)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Only a public official's name, as reported.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # Korea's side first ("KR" sorts after "JP").
        ordering = ["event", "-side", "order", "id"]

    def __str__(self) -> str:
        return f"{self.side}: {self.title}" + (f" ({self.name})" if self.name else "")


class AgendaItem(models.Model):
    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("agenda item"), max_length=500)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "order", "id"]

    def __str__(self) -> str:
        return self.text


class PressStatement(models.Model):
    """What a side told the press about an event: a briefing, a press release."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="statements")
    side = models.CharField(_("side"), max_length=2, choices=Side.choices, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    text = models.TextField(_("statement"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("press statement")
        verbose_name_plural = _("press statements")
        # Korea's side first, then Japan's, then statements by neither.
        ordering = ["event", "-side", "id"]

    def __str__(self) -> str:
        return f"{self.side or self.issuer}: {self.text[:60]}"


class ConsultationDocument(models.Model):
    """A document linked to an event: a press release, a transcript, a briefing paper.

    Not :class:`amends.registry.models.Document`, which holds family certificates (a required issue
    date and a certificate kind); here a link or an uploaded file, or both."""

    event = models.ForeignKey(ConsultationEvent, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    dated = models.DateField(_("dated"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="consultations/%Y/%m/", blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["event", "dated", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="consultation_document_link_or_file",
                violation_error_message=_("Give a link or upload a file."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class CivicPosition(PartiallyDated):
    """A position stated by victims, their families or a civic group, with where it was reported."""

    group = models.CharField(_("victims or civic group"), max_length=200)
    position = models.TextField(_("stated position"))
    source = models.CharField(_("source"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    event = models.ForeignKey(
        ConsultationEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="civic_positions",
        verbose_name=_("in response to"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position of victims or civic groups")
        verbose_name_plural = _("positions of victims and civic groups")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date", "date_precision"], name="civic_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.date_text} {self.group}"
