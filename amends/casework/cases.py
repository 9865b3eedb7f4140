"""Staff pages for cases: the list with each defendant's totals, and a case with what each award's
creditors and holders are owed on a date. Thin views over the selectors and :mod:`amends.payments.owed`."""

import hashlib
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from amends.audit.figures import cached, figures_key
from amends.core import roles
from amends.core.clock import today
from amends.core.tables import Column, table
from amends.core.templatetags.amends import share, won
from amends.core.web import user_roles
from amends.judgments import selectors
from amends.judgments.forms import EvaluationForm
from amends.judgments.models import Award, Case, Creditor
from amends.law.money import Rounding
from amends.payments import owed
from amends.registry.templatetags.names import names

# The case list's columns; the number, court, ruling and title sort (amends.core.tables).
CASE_COLUMNS = [
    Column(gettext_lazy("Case"), "number"),
    Column(gettext_lazy("Court"), "court"),
    Column(gettext_lazy("Final ruling"), "ruling"),
    Column(gettext_lazy("Defendants")),
    Column(gettext_lazy("Title"), "title"),
]
CASE_ORDERS = {
    "number": ("number",),
    "court": ("court__name_ko", "number"),
    "ruling": ("final_ruling_on", "number"),
    "title": ("title", "number"),
}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    cases = table(
        request,
        selectors.case_search(query=query),
        columns=CASE_COLUMNS,
        orders=CASE_ORDERS,
        default="number",
    )
    context = {"query": query, "page": cases.page, "table": cases}
    if request.headers.get("HX-Request"):
        return render(request, "casework/_case_results.html", context)
    on = today()
    context |= {"on": on, "totals": owed.defendant_totals(on=on)}
    return render(request, "casework/case_list.html", context)


# The rows of an award's creditors' and holders' tables, as HTML written here rather than in the template:
# a large case has a row per creditor and heir of every award (some thousand on 64 awards), and Django's
# template engine resolving lookups, {% url %}, filters and an include per cell was most of the page's
# time (issue 14). format_html escapes every value as the template would; the markup is the template's.
_CREDITOR_ROW = (
    '<tr data-testid="creditor"{heir_class}><th scope="row">{arrow}<a href="{person_url}">{names}</a> · '
    '<a href="{claim_url}" data-testid="claim-link">{claim_file}</a>{passed_on}</th>'
    '<td>{relation}</td><td class="num">{share}</td><td class="num">{principal}</td>'
    '<td class="num">{interest}</td>'
    '<td class="num" data-testid="creditor-outstanding">{outstanding}</td></tr>\n'
)
_HOLDER_ROW = (
    '<tr data-testid="holder"><th scope="row"><a href="{person_url}">{names}</a></th>'
    '<td class="num">{share}</td><td class="num">{amount}</td><td><small>{paths}</small></td></tr>\n'
)


# A case with at most this many awards shows each of them in full on its page, below the summary; a
# larger one shows the summary only, a row per award linking to the award's own page with its creditors,
# heirs, family tree and calculation (details on demand: 64 awards in full are 768 rows and 64 trees,
# a page of more than a megabyte that takes a quarter of a second to write, issue 14).
AWARDS_IN_FULL = 8

_AWARD_ROW = (
    '<tr data-testid="award-summary"><th scope="row"><a href="{href}">{names}</a></th>'
    '<td class="num">{principal}</td><td class="num">{interest}</td><td class="num">{paid}</td>'
    '<td class="num" data-testid="award-outstanding">{outstanding}</td>{today}</tr>\n'
)


class _Rows:
    """Formats the rows of one request's page: each person's names (the ``names`` filter of
    ``registry/_names.html``, the one markup for them) written once, links by pattern (a ``reverse()``
    per row costs as much as the rest of the row), labels translated once."""

    def __init__(self):
        self._names: dict[int, SafeString] = {}
        # reverse() once with a placeholder pk, then put each pk in its place; the placeholder cannot
        # occur elsewhere in the path (the patterns' other parts are fixed words).
        self._person = reverse("people:person_detail", args=[999999999]).split("999999999")
        self._claim = reverse("claims:claim_detail", args=[999999999]).split("999999999")
        self._award = reverse("cases:award_detail", args=[999999999]).split("999999999")
        # get_relation_display() builds a dict of every choice's lazy label on each call.
        self._relations = {value: str(label) for value, label in Creditor.Relation.choices}
        self._claim_file = gettext("claim file")

    def _names_of(self, person) -> SafeString:
        if person.pk not in self._names:
            self._names[person.pk] = names(person)
        return self._names[person.pk]

    def _person_url(self, pk: int) -> str:
        return f"{self._person[0]}{pk}{self._person[1]}"

    def creditors(self, item) -> SafeString:
        """The creditors' rows of ``item`` (a :class:`amends.payments.owed.AwardOwed`)."""
        rows = []
        for row in item.rows():
            creditor, person = row.creditor, row.creditor.person
            passed_on = ""
            if row.heirs:
                died = person.death_date.isoformat() if person.death_date else ""
                passed_on = format_html(
                    ' <small class="muted">{}</small>',
                    gettext("died %(died)s: passed to the heirs below") % {"died": died},
                )
            rows.append(
                format_html(
                    _CREDITOR_ROW,
                    heir_class=mark_safe(' class="heir"') if creditor.succeeds_id else "",
                    arrow="↳ " if creditor.succeeds_id else "",
                    person_url=self._person_url(creditor.person_id),
                    names=self._names_of(person),
                    claim_url=f"{self._claim[0]}{creditor.pk}{self._claim[1]}",
                    claim_file=self._claim_file,
                    passed_on=passed_on,
                    relation=self._relations.get(creditor.relation, creditor.relation),
                    share=share(creditor.share),
                    principal=won(row.principal),
                    interest=won(row.interest),
                    outstanding=won(row.outstanding),
                )
            )
        return mark_safe("".join(rows))  # each row built by format_html

    def awards(self, lines, *, in_full: bool, query: str) -> SafeString:
        """The summary's rows, one an award (``lines``: :class:`_AwardLine`), each linking to the award
        on this page (``in_full``) or to its own page, with ``query`` (the date and rounding asked)."""
        rows = []
        for line in lines:
            award_page = f"{self._award[0]}{line.pk}{self._award[1]}{query}"
            href = f"#award-{line.pk}" if in_full else award_page
            today = ""
            if line.today is not None:
                today = format_html('<td class="num">{}</td>', won(line.today))
            rows.append(
                format_html(
                    _AWARD_ROW,
                    href=href,
                    names=self._names_of(line.victim),
                    principal=won(line.principal),
                    interest=won(line.interest),
                    paid=won(line.paid),
                    outstanding=won(line.outstanding),
                    today=today,
                )
            )
        return mark_safe("".join(rows))  # each row built by format_html

    def holders(self, holders) -> SafeString:
        """The holders' rows of ``holders`` (a :class:`amends.payments.owed.AwardHolders`)."""
        return mark_safe(  # each row built by format_html
            "".join(
                format_html(
                    _HOLDER_ROW,
                    person_url=self._person_url(holder.person.pk),
                    names=self._names_of(holder.person),
                    share=share(holder.share),
                    amount=won(holder.amount),
                    paths=format_html_join(mark_safe("<br>"), "{}", ((path,) for path in holder.paths)),
                )
                for holder in holders.holders
            )
        )


class _AwardLine(SimpleNamespace):
    """An award's row in the case's summary: ``pk``, ``victim`` (their names), ``principal``,
    ``interest``, ``paid``, ``outstanding`` on the date asked, and ``today`` (outstanding today, or
    None when the date asked is today)."""


def _evaluation(request: HttpRequest) -> tuple[EvaluationForm, object, object, Rounding]:
    """The evaluation form of a case or award page, today, the date asked and the rounding (today and
    floor unless the form says otherwise)."""
    now = today()
    form = EvaluationForm(request.GET or None)
    on, rounding = now, Rounding.FLOOR
    if form.is_valid():
        on = form.cleaned_data["on"] or now
        rounding = Rounding(form.cleaned_data["rounding"] or Rounding.FLOOR)
    return form, now, on, rounding


def _query(*, on, now, rounding: Rounding) -> str:
    """The date and rounding asked, as a query string for links to the awards' pages ("" for the
    defaults)."""
    asked = {}
    if on != now:
        asked["on"] = on.isoformat()
    if rounding != Rounding.FLOOR:
        asked["rounding"] = rounding.value
    return "?" + urlencode(asked) if asked else ""


_ZERO = owed.AwardTotal(0, 0, 0, 0, 0)


def _case_totals(*, case: Case, award_ids: list[int], on, rounding: Rounding) -> dict:
    """Each award's figures on ``on``: read from the stored lines of what is owed where they hold
    (:func:`amends.payments.owed.stored_award_totals`, one query; they are rounded down, the
    judgments' rounding), which the services that change an award's figures rewrite in their own
    transaction, so a change elsewhere leaves them standing; the other awards by the array engine
    (:func:`amends.payments.owed.all_awards_owed`), cached under the day and the audit chain's head
    (:mod:`amends.audit.figures`)."""
    stored = owed.stored_award_totals(case_id=case.pk, on=on) if rounding == Rounding.FLOOR else {}
    missing = [pk for pk in award_ids if pk not in stored]
    if not missing:
        return stored
    # Which awards were computed is part of the key: the nightly roll writes lines without an audit
    # event.
    computed = hashlib.sha256(",".join(map(str, missing)).encode()).hexdigest()[:16]
    key = figures_key("case-awards-v2", on, case.pk, rounding.value, computed)

    def compute() -> dict:
        # Kept as plain tuples: a dataclass per award costs more to unpickle than the rest of a read.
        totals = owed.all_awards_owed(on=on, rounding=rounding, award_ids=missing)
        return {pk: (t.principal, t.interest, t.paid, t.outstanding) for pk, t in totals.items()}

    return stored | {pk: owed.AwardTotal(case.pk, *figures) for pk, figures in cached(key, compute).items()}


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_get(number=number)
    except Case.DoesNotExist:
        raise Http404(f"No case {number}") from None
    form, now, on, rounding = _evaluation(request)
    context = {
        "case": case,
        "form": form,
        "on": on,
        "today": now,
        "rounding": rounding,
        "owed_today": None,
        # A payment from elsewhere is the finance officer's to record (the service checks it).
        "records_external": roles.FINANCE_OFFICER in user_roles(request),
    }
    rows = _Rows()
    victims = list(
        Award.objects.filter(case=case)
        .order_by("pk")
        .values_list(
            "pk",
            "victim_id",
            "victim__name_hangul",
            "victim__name_hanja",
            "victim__name_japanese",
            "victim__name_japanese_reading",
            "victim__name_romanized",
        )
    )
    in_full = len(victims) <= AWARDS_IN_FULL
    if in_full:
        awards = owed.case_owed(case=case, on=on, rounding=rounding)
        # What the page shows of each award beside its figures, in one query for all of them.
        prefetch_related_objects([item.award for item in awards], "external_payments")
        if on != now:
            context["owed_today"] = owed.case_owed(case=case, on=now, rounding=rounding)
        context["awards"] = list(zip(awards, owed.awards_holders(owed=awards, on=on), strict=True))
        # What the template loops over: each award with its tables' rows as HTML.
        context["award_lines"] = [
            (item, holders, rows.creditors(item), rows.holders(holders))
            for item, holders in context["awards"]
        ]
        lines = [
            _AwardLine(
                pk=item.award.pk,
                victim=item.award.victim,
                principal=item.principal,
                interest=item.interest,
                paid=item.paid,
                outstanding=item.outstanding,
                today=None,
            )
            for item in awards
        ]
        for line, item in zip(lines, context["owed_today"] or (), strict=False):
            line.today = item.outstanding
    else:
        # The summary only: each award's figures by the array engine, for the whole case at once.
        ids = [pk for pk, *_names in victims]
        totals = _case_totals(case=case, award_ids=ids, on=on, rounding=rounding)
        if on != now:
            totals_today = _case_totals(case=case, award_ids=ids, on=now, rounding=rounding)
            context["owed_today"] = [totals_today.get(pk, _ZERO) for pk in ids]
        lines = []
        for index, (pk, victim_id, hangul, hanja, japanese, reading, romanized) in enumerate(victims):
            figures = totals.get(pk, _ZERO)
            victim = SimpleNamespace(
                pk=victim_id,
                name_hangul=hangul,
                name_hanja=hanja,
                name_japanese=japanese,
                name_japanese_reading=reading,
                name_romanized=romanized,
            )
            lines.append(
                _AwardLine(
                    pk=pk,
                    victim=victim,
                    principal=figures.principal,
                    interest=figures.interest,
                    paid=figures.paid,
                    outstanding=figures.outstanding,
                    today=context["owed_today"][index].outstanding if context["owed_today"] else None,
                )
            )
    context |= {
        "in_full": in_full,
        "award_count": len(lines),
        "summary_rows": rows.awards(lines, in_full=in_full, query=_query(on=on, now=now, rounding=rounding)),
        "summary_total": _AwardLine(
            principal=sum(line.principal for line in lines),
            interest=sum(line.interest for line in lines),
            paid=sum(line.paid for line in lines),
            outstanding=sum(line.outstanding for line in lines),
            today=sum(line.today for line in lines) if context["owed_today"] is not None else None,
        ),
    }
    return render(request, "casework/case_detail.html", context)


@login_required
def award_detail(request: HttpRequest, award_pk: int) -> HttpResponse:
    """One award in full: its creditors, heirs, family tree and calculation on the date asked (the case
    page links here from each award's summary row)."""
    try:
        award = owed.awards().select_related("case__court").get(pk=award_pk)
    except Award.DoesNotExist:
        raise Http404(f"No award {award_pk}") from None
    form, now, on, rounding = _evaluation(request)
    item = owed.award_owed(award=award, on=on, rounding=rounding)
    prefetch_related_objects([award], "external_payments")
    (holders,) = owed.awards_holders(owed=[item], on=on)
    rows = _Rows()
    context = {
        "case": award.case,
        "award": award,
        "form": form,
        "on": on,
        "today": now,
        "rounding": rounding,
        "owed_today": owed.award_owed(award=award, on=now, rounding=rounding) if on != now else None,
        "records_external": roles.FINANCE_OFFICER in user_roles(request),
        "item": item,
        "holders": holders,
        "creditor_rows": rows.creditors(item),
        "holder_rows": rows.holders(holders),
    }
    return render(request, "casework/award_detail.html", context)
