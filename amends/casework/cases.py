"""Staff pages for cases: the list with each defendant's totals, and a case with what each award's
creditors and holders are owed on a date. Thin views over the selectors and :mod:`amends.payments.owed`."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from amends.core import roles
from amends.core.clock import today
from amends.core.tables import Column, table
from amends.core.templatetags.amends import share, won
from amends.core.web import user_roles
from amends.judgments import selectors
from amends.judgments.forms import EvaluationForm
from amends.judgments.models import Case, Creditor
from amends.law.money import Rounding
from amends.payments import owed

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


class _Rows:
    """Formats the rows of one request's page: each person's names (``registry/_names.html``, the one
    markup for them) rendered once, links by pattern (a ``reverse()`` per row costs as much as the rest
    of the row), labels translated once."""

    def __init__(self):
        self._names_template = get_template("registry/_names.html")
        self._names: dict[int, SafeString] = {}
        # reverse() once with a placeholder pk, then put each pk in its place; the placeholder cannot
        # occur elsewhere in the path (the patterns' other parts are fixed words).
        self._person = reverse("people:person_detail", args=[999999999]).split("999999999")
        self._claim = reverse("claims:claim_detail", args=[999999999]).split("999999999")
        # get_relation_display() builds a dict of every choice's lazy label on each call.
        self._relations = {value: str(label) for value, label in Creditor.Relation.choices}
        self._claim_file = gettext("claim file")

    def _names_of(self, person) -> SafeString:
        if person.pk not in self._names:
            # Rendered by the template, which escapes each name.
            self._names[person.pk] = mark_safe(self._names_template.render({"person": person}).strip())
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


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_get(number=number)
    except Case.DoesNotExist:
        raise Http404(f"No case {number}") from None
    now = today()
    form = EvaluationForm(request.GET or None)
    on, rounding = now, Rounding.FLOOR
    if form.is_valid():
        on = form.cleaned_data["on"] or now
        rounding = Rounding(form.cleaned_data["rounding"] or Rounding.FLOOR)
    awards = owed.case_owed(case=case, on=on, rounding=rounding)
    # What the page shows of each award beside its figures, in one query for all of them.
    prefetch_related_objects([item.award for item in awards], "external_payments")
    context = {
        "case": case,
        "form": form,
        "on": on,
        "today": now,
        "rounding": rounding,
        "awards": list(zip(awards, owed.awards_holders(owed=awards, on=on), strict=True)),
        "owed_today": owed.case_owed(case=case, on=now, rounding=rounding) if on != now else None,
        # A payment from elsewhere is the finance officer's to record (the service checks it).
        "records_external": roles.FINANCE_OFFICER in user_roles(request),
    }
    # What the template loops over: each award with its tables' rows as HTML.
    rows = _Rows()
    context["award_lines"] = [
        (item, holders, rows.creditors(item), rows.holders(holders)) for item, holders in context["awards"]
    ]
    return render(request, "casework/case_detail.html", context)
