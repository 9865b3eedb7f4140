"""Reads for outreach: one timeline of the bilateral consultations, the positions of victims and civic
groups, and the programme's own events (rulings, payments, court deposits, refusals).

The programme's events are not copied here: they are read from the judgments and payments records
each time the timeline is asked for, so the timeline can never disagree with a case or a claim page.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amends.audit.models import AuditEvent
from amends.judgments.models import Case, Court, Ruling
from amends.law.lifecycle import Event
from amends.outreach.models import (
    CivicPosition,
    ConsultationEvent,
    DatePrecision,
    Participant,
    Side,
    partial_date_text,
)
from amends.payments.models import ClaimEntry, CourtDeposit, ExternalPayment, Payment

# Kinds of timeline item, in the order they are listed on the same day.
CONSULTATION = "consultation"
PUBLIC_HEARING = "public_hearing"
ANNOUNCEMENT = "announcement"
OTHER_EVENT = "other"
CIVIC_POSITION = "civic_position"
RULING = "ruling"
PAYMENT = "payment"
DEPOSIT = "deposit"
REFUSAL = "refusal"
KINDS = {
    RULING: _("court rulings"),
    PUBLIC_HEARING: _("public hearings"),
    ANNOUNCEMENT: _("announcements"),
    CONSULTATION: _("consultation rounds"),
    OTHER_EVENT: _("other events"),
    CIVIC_POSITION: _("positions of victims and civic groups"),
    PAYMENT: _("payments"),
    REFUSAL: _("refusals"),
    DEPOSIT: _("court deposits"),
}
PROGRAMME = (RULING, PAYMENT, REFUSAL, DEPOSIT)
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
REFUSAL_EVENTS = (Event.REFUSE.value, Event.OBJECT.value)


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    on: date
    precision: str
    title: str
    detail: str
    url: str
    # A stable order among items of one kind on one day.
    sequence: int = 0
    # A step of a claim file (a payment, a refusal, a deposit lodged or refused): the id of the claim
    # entry that recorded it, the order in which the steps happened.
    recorded: int = 0
    source: str = ""
    source_url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def date_text(self) -> str:
        """As precise as known: also the ``datetime`` of the page's ``<time>`` element."""
        return partial_date_text(self.on, self.precision)

    @property
    def is_programme(self) -> bool:
        return self.kind in PROGRAMME

    def sort_key(self) -> tuple:
        # The steps of claim files answer one another (a deposit answers a refusal, the officer's
        # refusal answers the lodging): on one day they follow the order they were recorded in,
        # whatever their kind, after the day's rulings, consultations and payments from elsewhere.
        if self.recorded:
            return (self.on, _RANK[PAYMENT], 1, self.recorded, self.sequence)
        return (self.on, _RANK[self.kind], 0, 0, self.sequence)


def consultation_event_get(*, pk: int) -> ConsultationEvent:
    """An event with everything its page shows."""
    return ConsultationEvent.objects.prefetch_related(
        "participants",
        "agenda",
        "statements",
        "documents",
        "civic_positions",
    ).get(pk=pk)


def event_history(*, event: ConsultationEvent) -> QuerySet[AuditEvent]:
    """The audit events about ``event`` and the documents linked to it, oldest first."""
    documents = [str(pk) for pk in event.documents.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(subject_type="outreach.consultationevent", subject_id=str(event.pk))
            | Q(subject_type="outreach.consultationdocument", subject_id__in=documents)
        )
        .select_related("actor")
        .order_by("sequence")
    )


def participants_by_side(event: ConsultationEvent) -> list[tuple[str, str, list[Participant]]]:
    """``[(side, label, participants)]`` for Korea and Japan, in that order (uses prefetched rows)."""
    people = list(event.participants.all())
    return [(side, str(label), [p for p in people if p.side == side]) for side, label in Side.choices]


class _Links:
    """URLs for many rows of one view, reversed once: ``reverse()`` per item was most of the time
    spent building a long timeline. Arguments are quoted as ``reverse()`` quotes them."""

    MARK = "0"

    def __init__(self, name: str):
        url = reverse(name, args=[self.MARK])
        cut = url.rindex(self.MARK)
        self.prefix, self.suffix = url[:cut], url[cut + len(self.MARK) :]

    def __call__(self, value) -> str:
        return self.prefix + quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@") + self.suffix


def _labels(choices) -> dict:
    """A choice's labels in the current language, each translated once."""
    return {value: str(label) for value, label in choices}


def _in_year(queryset: QuerySet, field: str, year: int | None) -> QuerySet:
    return queryset.filter(**{f"{field}__year": year}) if year else queryset


def _recorded(event: Event, claim: str, day: str) -> Subquery:
    """The id of the claim entry recording ``event`` on the row's claim and day (0 where none)."""
    entries = ClaimEntry.objects.filter(
        claim_id=OuterRef(claim), event=event.value, occurred_on=OuterRef(day)
    )
    return Coalesce(Subquery(entries.order_by("pk").values("pk")[:1]), 0)


def _creditor_label(creditor) -> str:
    return f"{creditor.person.name_hangul} · {creditor.award.case.number}"


def _consultation_items(kinds: set[str], year: int | None) -> Iterable[TimelineItem]:
    events = _in_year(ConsultationEvent.objects.filter(kind__in=kinds), "date", year)
    link, levels = _Links("outreach:event_detail"), _labels(ConsultationEvent.Level.choices)
    kind_names = {kind: label.capitalize() for kind, label in _labels(ConsultationEvent.Kind.choices).items()}
    round_at = gettext("Consultation round, %(level)s")
    for event in events:
        title = (
            round_at % {"level": levels[event.level]}
            if event.kind == ConsultationEvent.Kind.CONSULTATION and event.level
            else kind_names[event.kind]
        )
        if event.place:
            title += f" · {event.place}"
        yield TimelineItem(
            kind=event.kind,
            on=event.date,
            precision=event.date_precision,
            title=title,
            detail=event.outcome or event.summary,
            url=link(event.pk),
            sequence=event.pk,
        )


def _civic_items(year: int | None) -> Iterable[TimelineItem]:
    link = _Links("outreach:event_detail")
    for civic in _in_year(CivicPosition.objects.all(), "date", year):
        yield TimelineItem(
            kind=CIVIC_POSITION,
            on=civic.date,
            precision=civic.date_precision,
            title=civic.group,
            detail=civic.position,
            # The whole position is on the timeline; the link leads to the event it answers, if any.
            url=link(civic.event_id) + f"#civic-{civic.pk}" if civic.event_id else "",
            sequence=civic.pk,
            source=civic.source,
            source_url=civic.url,
        )


def _ruling_items(year: int | None) -> Iterable[TimelineItem]:
    rulings = _in_year(Ruling.objects.select_related("case", "court"), "decided_on", year)
    link, instances = _Links("cases:case_detail"), _labels(Ruling.Instance.choices)
    courts = {court.pk: str(court) for court in Court.objects.all()}
    for ruling in rulings:
        yield TimelineItem(
            kind=RULING,
            on=ruling.decided_on,
            precision=DatePrecision.DAY,
            title=f"{courts[ruling.court_id]} {ruling.number}",
            detail=" · ".join(filter(None, [instances[ruling.instance], ruling.case.title])),
            url=link(ruling.case.number),
            sequence=ruling.pk,
        )
    # A case registered with its final ruling's date but without that ruling's own row.
    unrecorded = Case.objects.filter(final_ruling_on__isnull=False)
    final = gettext("final ruling")
    unrecorded = _in_year(unrecorded, "final_ruling_on", year).exclude(
        pk__in=Ruling.objects.filter(decided_on=F("case__final_ruling_on")).values("case_id")
    )
    for case in unrecorded:
        yield TimelineItem(
            kind=RULING,
            on=case.final_ruling_on,
            precision=DatePrecision.DAY,
            title=f"{courts[case.court_id]} {case.number}",
            detail=" · ".join(filter(None, [final, case.title])),
            url=link(case.number),
            sequence=-case.pk,
        )


def _payment_items(year: int | None) -> Iterable[TimelineItem]:
    claim_link, case_link = _Links("claims:claim_detail"), _Links("cases:case_detail")
    payments = _in_year(
        Payment.objects.standing()
        .select_related("creditor__person", "creditor__award__case")
        .annotate(recorded=_recorded(Event.CONFIRM_PAYMENT, "proposal__claim_id", "paid_on")),
        "paid_on",
        year,
    )
    for payment in payments:
        yield TimelineItem(
            kind=PAYMENT,
            on=payment.paid_on,
            precision=DatePrecision.DAY,
            title=gettext("Paid %(amount)s won") % {"amount": f"{payment.amount:,}"},
            detail=_creditor_label(payment.creditor),
            url=claim_link(payment.creditor_id),
            sequence=payment.pk,
            recorded=payment.recorded,
        )
    elsewhere = _in_year(
        ExternalPayment.objects.select_related("award__case", "award__victim"), "paid_on", year
    )
    for payment in elsewhere:
        yield TimelineItem(
            kind=PAYMENT,
            on=payment.paid_on,
            precision=DatePrecision.DAY,
            title=gettext("%(amount)s won received from elsewhere") % {"amount": f"{payment.amount:,}"},
            detail=f"{payment.source} · {payment.award.victim.name_hangul} · {payment.award.case.number}",
            url=case_link(payment.award.case.number) + f"#award-{payment.award_id}",
            sequence=-payment.pk,
        )


def _deposit_items(year: int | None) -> Iterable[TimelineItem]:
    link = _Links("claims:claim_detail")
    deposits = _in_year(
        CourtDeposit.objects.select_related(
            "claim__creditor__person", "claim__creditor__award__case"
        ).annotate(recorded=_recorded(Event.LODGE_DEPOSIT, "claim_id", "lodged_on")),
        "lodged_on",
        year,
    )
    for deposit in deposits:
        yield TimelineItem(
            kind=DEPOSIT,
            on=deposit.lodged_on,
            precision=DatePrecision.DAY,
            title=gettext("Deposit of %(amount)s won lodged with %(court)s")
            % {"amount": f"{deposit.amount:,}", "court": deposit.court},
            detail=_creditor_label(deposit.claim.creditor),
            url=link(deposit.claim.creditor_id),
            sequence=deposit.pk,
            recorded=deposit.recorded,
        )
    refused = _in_year(
        ClaimEntry.objects.filter(event=Event.OFFICER_REFUSES.value).select_related(
            "claim__creditor__person", "claim__creditor__award__case"
        ),
        "occurred_on",
        year,
    )
    for entry in refused:
        yield TimelineItem(
            kind=DEPOSIT,
            on=entry.occurred_on,
            precision=DatePrecision.DAY,
            title=gettext("The deposit officer refused the deposit"),
            detail=_creditor_label(entry.claim.creditor),
            url=link(entry.claim.creditor_id),
            sequence=entry.pk,
            recorded=entry.pk,
        )


def _refusal_items(year: int | None) -> Iterable[TimelineItem]:
    link = _Links("claims:claim_detail")
    entries = _in_year(
        ClaimEntry.objects.filter(event__in=REFUSAL_EVENTS).select_related(
            "claim__creditor__person", "claim__creditor__award__case"
        ),
        "occurred_on",
        year,
    )
    for entry in entries:
        yield TimelineItem(
            kind=REFUSAL,
            on=entry.occurred_on,
            precision=DatePrecision.DAY,
            title=gettext("The creditor refused the foundation's payment")
            if entry.event == Event.REFUSE.value
            else gettext("The creditor objected to payment by a third party"),
            detail=_creditor_label(entry.claim.creditor),
            url=link(entry.claim.creditor_id),
            sequence=entry.pk,
            recorded=entry.pk,
        )


def timeline(*, kinds: Iterable[str] | None = None, year: int | None = None) -> list[TimelineItem]:
    """Every item of the chosen ``kinds`` (default: all) in ``year`` (default: every year), by date.

    On one day, rulings come first, then the bilateral events, then payments from elsewhere, then the
    steps of claim files (payments, refusals, deposits lodged and refused) in the order they were
    recorded: an event before the one that answers it (:meth:`TimelineItem.sort_key`)."""
    chosen = set(KINDS) if not kinds else set(kinds) & set(KINDS)
    items: list[TimelineItem] = []
    consultation_kinds = chosen & {CONSULTATION, PUBLIC_HEARING, ANNOUNCEMENT, OTHER_EVENT}
    if consultation_kinds:
        items.extend(_consultation_items(consultation_kinds, year))
    if CIVIC_POSITION in chosen:
        items.extend(_civic_items(year))
    if RULING in chosen:
        items.extend(_ruling_items(year))
    if PAYMENT in chosen:
        items.extend(_payment_items(year))
    if DEPOSIT in chosen:
        items.extend(_deposit_items(year))
    if REFUSAL in chosen:
        items.extend(_refusal_items(year))
    return sorted(items, key=TimelineItem.sort_key)


def timeline_years() -> list[int]:
    """The years in which anything on the timeline happened, oldest first."""
    years: set[int] = set()
    for queryset, field in (
        (ConsultationEvent.objects.all(), "date"),
        (CivicPosition.objects.all(), "date"),
        (Ruling.objects.all(), "decided_on"),
        (Case.objects.filter(final_ruling_on__isnull=False), "final_ruling_on"),
        (Payment.objects.standing(), "paid_on"),
        (ExternalPayment.objects.all(), "paid_on"),
        (CourtDeposit.objects.all(), "lodged_on"),
        (ClaimEntry.objects.filter(event__in=(*REFUSAL_EVENTS, Event.OFFICER_REFUSES.value)), "occurred_on"),
    ):
        years.update(value.year for value in queryset.dates(field, "year"))
    return sorted(years)
