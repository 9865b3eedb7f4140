"""Staff pages for correcting an award, four eyes (issue 15): a caseworker or a legal reviewer
proposes a correction of the principal, an accrual term or the creditors' shares, with the reason and
the document it rests on; a different legal reviewer approves it (applied, unless it contradicts money
already moved) or refuses it. The services decide; these views parse and show."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amends.audit.selectors import events_for
from amends.core.forms import IsoDateField
from amends.core.parsing import parse_day, parse_won
from amends.core.roles import LEGAL_REVIEWER, has_role
from amends.core.web import parse_pk, show_refusal
from amends.judgments import services as judgments_services
from amends.judgments.models import AccrualTerm, Award, Correction
from amends.payments import corrections
from amends.registry import services as registry_services
from amends.registry.models import DeathReport, Document


class EvidenceForm(forms.Form):
    """The reason and the document every correction rests on (both required)."""

    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    document_kind = forms.ChoiceField(
        label=gettext_lazy("Document"), choices=Document.Kind.choices, initial=Document.Kind.OTHER
    )
    document_issued_on = IsoDateField(label=gettext_lazy("Issued on"))
    document_file = forms.FileField(label=gettext_lazy("File"))


@login_required
def award_corrections(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = get_object_or_404(Award.objects.select_related("case", "victim"), pk=award_pk)
    return render(
        request,
        "casework/award_corrections.html",
        {
            "award": award,
            "accruals": award.accruals.all(),
            "creditors": award.creditors.filter(succeeds__isnull=True).select_related("person"),
            "corrections": award.corrections.select_related("proposed_by", "decided_by", "document"),
            "evidence": EvidenceForm(),
            "reviewer": has_role(request.user, LEGAL_REVIEWER),
            "history": events_for(subject=award).select_related("actor"),
        },
    )


@login_required
@require_POST
def correction_propose(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = get_object_or_404(Award, pk=award_pk)
    evidence = EvidenceForm(request.POST, request.FILES)
    back = redirect("cases:award_corrections", award_pk=award.pk)
    if not evidence.is_valid():
        for name, problems in evidence.errors.items():
            for problem in problems:
                label = evidence.fields[name].label if name in evidence.fields else ""
                messages.error(request, f"{label}: {problem}" if label else problem)
        return back
    data, post = evidence.cleaned_data, request.POST
    try:
        with transaction.atomic():
            document = registry_services.document_upload(
                by=request.user,
                kind=data["document_kind"],
                issued_on=data["document_issued_on"],
                file=data["document_file"],
                description=_("Correction of %(award)s") % {"award": award},
            )
            common = {"by": request.user, "reason": data["reason"], "document": document}
            kind = post.get("kind")
            if kind == Correction.Kind.PRINCIPAL:
                judgments_services.principal_correction_propose(
                    award=award, principal=parse_won(post.get("principal"), "principal"), **common
                )
            elif kind == Correction.Kind.ACCRUAL:
                term = get_object_or_404(AccrualTerm, pk=parse_pk(post.get("accrual")), award=award)
                judgments_services.accrual_correction_propose(
                    accrual=term,
                    starts_on=parse_day(post.get("starts_on"), "starts_on"),
                    rate=post.get("rate", ""),
                    **common,
                )
            elif kind == Correction.Kind.SHARES:
                shares = {
                    int(name.removeprefix("share-")): value.strip()
                    for name, value in post.items()
                    if name.startswith("share-") and name.removeprefix("share-").isdigit()
                }
                judgments_services.shares_correction_propose(award=award, shares=shares, **common)
            else:
                raise ValidationError({"kind": _("Choose what is corrected.")})
    except ValidationError as error:
        show_refusal(request, error)
        return back
    messages.success(request, _("The correction is proposed: a legal reviewer other than you decides it."))
    return back


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(Correction, pk=pk)
    try:
        if request.POST.get("action") == "approve":
            corrections.correction_approve(by=request.user, correction=correction)
            messages.success(request, _("The correction is approved and applied."))
        else:
            judgments_services.correction_refuse(
                by=request.user, correction=correction, reason=request.POST.get("refusal", "")
            )
            messages.info(request, _("The correction is refused."))
    except ValidationError as error:
        show_refusal(request, error)
    if request.POST.get("next") == "pending":
        return redirect("cases:corrections_pending")
    return redirect("cases:award_corrections", award_pk=correction.award_id)


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """What awaits a legal reviewer: the corrections proposed and the deaths reported."""
    return render(
        request,
        "casework/corrections_pending.html",
        {
            "corrections": Correction.objects.filter(status=Correction.Status.PROPOSED).select_related(
                "award__case", "award__victim", "proposed_by", "document"
            ),
            "deaths": DeathReport.objects.filter(status=DeathReport.Status.PROPOSED).select_related(
                "person", "proposed_by"
            ),
            "reviewer": has_role(request.user, LEGAL_REVIEWER),
        },
    )
