"""Staff pages for a creditor's claim: the file, its timeline and history, and the next steps, each
step a typed form of its own (:mod:`amends.casework.steps`) that says what it will do before its
button."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.casework.people import _documents
from amends.casework.steps import DOCUMENT, StepForm
from amends.core import labels, roles
from amends.core.clock import today
from amends.core.web import parse_day, parse_pk, parse_won, show_refusal, user_roles
from amends.judgments.models import Award, Court, Creditor
from amends.law.lifecycle import TRANSITIONS, Event, State
from amends.letters.selectors import calculation, claim_letter_kinds, letters_for_claim
from amends.payments import selectors, services
from amends.payments.models import Claim
from amends.registry import services as registry_services
from amends.registry.selectors import family_of


@login_required
def claim_detail(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    return _claim_page(request, creditor_pk)


def _claim_page(request: HttpRequest, creditor_pk: int, *, posted=None, status: int = 200) -> HttpResponse:
    """The claim file. ``posted``: a step that was refused, shown open again with what was entered
    (``event``, and its bound ``form`` with the errors beside the fields), so that nothing typed is lost."""
    creditor = get_object_or_404(Creditor.objects.select_related("award__case", "person"), pk=creditor_pk)
    claim = Claim.objects.filter(creditor=creditor).first()
    held = user_roles(request)
    context = {
        "creditor": creditor,
        "claim": claim,
        "idempotency_key": uuid.uuid4(),
        "posted": posted,
        # Opening the file, handing it on, letters and portal codes: the caseworker's (the services').
        "casework": roles.CASEWORKER in held,
        "casework_role": roles.label(roles.CASEWORKER),
    }
    if claim is not None:
        file = selectors.claim_file(claim=claim)
        pending = _pending_payment(claim)
        options = _form_options(creditor, file.allowed)
        steps = []
        for step in file.allowed:
            may_record = step.needs_role is None or step.needs_role in held
            refused = bool(posted) and posted["event"] == step.event
            form = None
            if may_record:
                form = posted["form"] if refused and posted.get("form") else _step_form(step, claim, options)
            steps.append(
                {
                    "step": step,
                    # The form only for who may submit it (the role the service will check), the step
                    # and the role it needs for everyone else.
                    "may_record": may_record,
                    "role": roles.label(step.needs_role) if step.needs_role else "",
                    "refused": refused,
                    "form": form,
                    "multipart": any(
                        getattr(f, "kind", None) == DOCUMENT for f in (form.fields.values() if form else ())
                    ),
                    "consequence": _consequence(step, creditor, file, pending),
                }
            )
        context |= {
            "file": file,
            "steps": steps,
            "pending": pending,
            "entries": claim.entries.select_related("by"),
            "history": selectors.claim_history(claim=claim),
            "letters": letters_for_claim(claim=claim),
            "letter_kinds": claim_letter_kinds(),
        }
    return render(request, "casework/claim_detail.html", context, status=status)


def _form_options(creditor: Creditor, steps) -> dict:
    """The choices the forms offer from the records: the person's documents, read only when a step
    needs a document, and the courts, only when a step names one."""
    facts = {fact for step in steps for fact in (*step.requires, *step.optional)}
    options = {"documents": (), "courts": ()}
    if facts & {"application_form", "identity_document", "bank_account_document", "receipt"}:
        person = creditor.person
        options["documents"] = _documents(person, family_of(person=person))
    if "court" in facts:
        options["courts"] = [
            (court.name_ko, f"{court.name_ko} · {court.name_en}")
            for court in Court.objects.order_by("name_ko")
        ]
    return options


def _step_form(step, claim: Claim, options: dict, data=None, files=None) -> StepForm:
    """The form of ``step``, filled in beforehand with what the records already say: today for a
    planned date and a payment's day, the approved payment's amount for its confirmation, the approved
    deposit for its lodging."""
    initial = {}
    facts = (*step.requires, *step.optional)
    if "planned_payment_date" in facts:
        initial["fact_planned_payment_date"] = today().isoformat()
    if step.event == Event.CONFIRM_PAYMENT:
        proposal = claim.proposals.filter(status="approved").order_by("-pk").first()
        if proposal is not None:
            initial["fact_amount_paid"] = f"{proposal.amount:,}"
            initial["fact_paid_on"] = today().isoformat()
    if step.event == Event.LODGE_DEPOSIT:
        initial["fact_lodged_on"] = today().isoformat()
        proposed = claim.entries.filter(event=Event.PROPOSE_DEPOSIT).order_by("-pk").first()
        if proposed is not None:
            if "amount" in proposed.facts:
                initial["fact_amount"] = f"{int(proposed.facts['amount']):,}"
            initial["fact_court"] = proposed.facts.get("court", "")
    return StepForm(data, files, transition=step, initial=initial, **options)


def _pending_payment(claim: Claim) -> dict | None:
    """The payment proposal awaiting approval, or approved and not yet paid: its amount, the day it is
    fixed for, who prepared it, and how the amount is made up on that day (the letters' calculation,
    from the one read path for amounts)."""
    proposal = (
        claim.proposals.filter(status__in=["proposed", "approved"])
        .select_related("prepared_by")
        .order_by("-pk")
        .first()
    )
    if proposal is None or claim.state not in (State.PAYMENT_PROPOSED, State.PAYMENT_APPROVED):
        return None
    return {
        "proposal": proposal,
        "preparer": proposal.prepared_by.get_full_name() or proposal.prepared_by.get_username(),
        "calculation": calculation(claim=claim, on=proposal.planned_on),
    }


def _consequence(step, creditor: Creditor, file, pending: dict | None) -> str:
    """What recording ``step`` will do, said before its button, with the exact amount where money moves."""
    name = creditor.person.name_hangul
    values = {"name": name, "state": labels.label("state", step.target)}
    proposal = pending["proposal"] if pending else None
    if step.event == Event.PROPOSE_PAYMENT:
        return _(
            "Proposes paying %(amount)s won to %(name)s on %(date)s: what is owed that day (principal and "
            "delay damages to the day). A later date owes more; a smaller amount is a partial payment and "
            "needs its reason."
        ) % (values | {"amount": f"{file.owed_to_creditor:,}", "date": today().isoformat()})
    if step.event == Event.APPROVE_PAYMENT and proposal is not None:
        return _("Approves paying %(amount)s won to %(name)s on %(date)s, as %(preparer)s proposed.") % (
            values
            | {
                "amount": f"{proposal.amount:,}",
                "date": proposal.planned_on.isoformat(),
                "preparer": pending["preparer"],
            }
        )
    if step.event == Event.CONFIRM_PAYMENT and proposal is not None:
        return _(
            "Records that %(amount)s won reached %(name)s: the debt is discharged and the books show the "
            "payment."
        ) % (values | {"amount": f"{proposal.amount:,}"})
    if step.event == Event.DECLINE and proposal is not None:
        return _("Sends the payment of %(amount)s won to %(name)s back: the claim returns to %(state)s.") % (
            values | {"amount": f"{proposal.amount:,}"}
        )
    if step.event == Event.PROPOSE_DEPOSIT:
        return _(
            "Proposes lodging %(amount)s won with a court for %(name)s if lodged today: the whole debt on "
            "the lodging date."
        ) % (values | {"amount": f"{file.owed_to_creditor:,}"})
    if step.sets is not None:
        return _("Marks the file %(flag)s: the foundation's decisions wait until it is lifted.") % {
            "flag": labels.label("flag", step.sets)
        }
    if step.clears is not None:
        return _("Lifts the mark %(flag)s: the file continues where it stood.") % {
            "flag": labels.label("flag", step.clears)
        }
    return _("The claim of %(name)s moves to %(state)s.") % values


@login_required
@require_POST
def claim_open(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    creditor = get_object_or_404(Creditor, pk=creditor_pk)
    services.claim_open(creditor=creditor, by=request.user)
    return redirect("claims:claim_detail", creditor_pk=creditor.pk)


@login_required
@require_POST
def claim_record(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("creditor__person"), creditor_id=creditor_pk)
    event = request.POST.get("event", "")
    step = TRANSITIONS.get((claim.state, event))
    form = None
    if step is not None and (step.needs_role is None or step.needs_role in user_roles(request)):
        options = _form_options(claim.creditor, [step])
        form = _step_form(step, claim, options, data=request.POST, files=request.FILES)
        if not form.is_valid():
            # What was typed is not of its kind (a date, an amount, a choice): said beside the field
            # and above the page, and nothing is recorded.
            for name, problems in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for problem in problems:
                    messages.error(request, f"{label}: {problem}" if label else problem)
            return _claim_page(request, creditor_pk, posted={"event": event, "form": form}, status=400)
    try:
        with transaction.atomic():
            if form is not None:
                facts = form.facts(_upload(form, by=request.user))
            else:
                # Not a step this user may record now: the service says why (the role, the order of
                # the steps), in its own words.
                facts = {k[5:]: v.strip() for k, v in request.POST.items() if k.startswith("fact_")}
            services.claim_record(
                claim=claim,
                event=event,
                by=request.user,
                facts=facts,
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
    except (ValidationError, PermissionDenied) as refused:
        # Nothing was recorded: the page again, the step open with what was entered and why it was
        # refused (400 for what was asked, 403 for who asked), rather than a redirect that loses it.
        show_refusal(request, refused)
        if form is not None and hasattr(refused, "error_dict"):
            for name, problems in refused.message_dict.items():
                if f"fact_{name}" in form.fields:
                    form.errors.setdefault(f"fact_{name}", form.error_class()).extend(problems)
        status = 403 if isinstance(refused, PermissionDenied) else 400
        return _claim_page(request, claim.creditor_id, posted={"event": event, "form": form}, status=status)
    messages.success(request, _("Recorded."))
    return redirect("claims:claim_detail", creditor_pk=creditor_pk)


def _upload(form: StepForm, *, by) -> dict:
    """Store each document uploaded with a step in the registry (encrypted, audited), in the step's
    transaction: a step refused leaves no document row behind."""
    return {
        fact: registry_services.document_upload(
            by=by,
            kind="other",
            issued_on=today(),
            file=file,
            # Stored data, the same in every language: the fact's name in words.
            description=fact.replace("_", " "),
        )
        for fact, file in form.uploads().items()
    }


@login_required
@require_POST
def claim_hand_on(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    """Hand a dead creditor's claim to the heirs again, once the family record is complete."""
    creditor = get_object_or_404(Creditor.objects.select_related("person"), pk=creditor_pk)
    try:
        handed = services.claims_hand_on(by=request.user, person=creditor.person)
    except (ValidationError, PermissionDenied) as refused:
        show_refusal(request, refused)
    else:
        for item in handed:
            if item.error:
                messages.warning(request, item.error)
        if not any(item.error for item in handed):
            messages.success(request, _("The claim is with the heirs."))
    return redirect("claims:claim_detail", creditor_pk=creditor_pk)


@login_required
@require_POST
def external_payment_create(request: HttpRequest, award_pk: int) -> HttpResponse:
    """Record money received on an award from elsewhere; back to the award on the case page."""
    award = get_object_or_404(Award.objects.select_related("case"), pk=award_pk)
    try:
        creditor = None
        if request.POST.get("creditor"):
            creditor = get_object_or_404(award.creditors, pk=parse_pk(request.POST["creditor"]))
        services.external_payment_record(
            award=award,
            by=request.user,
            paid_on=parse_day(request.POST.get("paid_on"), "paid_on"),
            amount=parse_won(request.POST.get("amount"), "amount"),
            source=request.POST.get("source", "").strip(),
            creditor=creditor,
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The payment from elsewhere is recorded."))
    return redirect(reverse("cases:case_detail", args=[award.case.number]) + f"#award-{award.pk}")
