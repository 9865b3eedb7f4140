"""What the pages call the names the rules are written in: every lifecycle state, step (event), flag and
fact (:mod:`amends.law.lifecycle`), ledger account (:mod:`amends.law.ledger`) and record-linkage field
(:mod:`amends.linkage.model`), in the reader's language.

The rules stay plain Python without Django (the import-linter contract of ``amends.law``), so their
words for people live here, one table per kind, beside nothing else. The template filter
``{{ value|label:"state" }}`` (:mod:`amends.core.templatetags.amends`) shows them;
``tests/core/test_labels.py`` fails on any name of the rules that has no Korean label. Each label has a
context (``pgettext``), so that "paid" the state and "paid" elsewhere can be worded apart; each call
is written out in full, as ``makemessages`` finds only literal ``pgettext_lazy`` calls.
"""

import re

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from amends.law import ledger
from amends.law.lifecycle import Event, Flag, State

_S, _E = State, Event


STATES = {
    _S.IDENTIFIED: pgettext_lazy("claim state", "identified"),
    _S.CONTACTED: pgettext_lazy("claim state", "contacted"),
    _S.UNDECIDED: pgettext_lazy("claim state", "undecided"),
    _S.APPLIED: pgettext_lazy("claim state", "applied"),
    _S.VERIFIED: pgettext_lazy("claim state", "verified"),
    _S.PAYMENT_PROPOSED: pgettext_lazy("claim state", "payment proposed"),
    _S.PAYMENT_APPROVED: pgettext_lazy("claim state", "payment approved"),
    _S.PAID: pgettext_lazy("claim state", "paid"),
    _S.RECEIPTED: pgettext_lazy("claim state", "receipted"),
    _S.REFUSED: pgettext_lazy("claim state", "refused"),
    _S.OBJECTED: pgettext_lazy("claim state", "objected"),
    _S.DEPOSIT_PROPOSED: pgettext_lazy("claim state", "deposit proposed"),
    _S.DEPOSIT_APPROVED: pgettext_lazy("claim state", "deposit approved"),
    _S.DEPOSIT_LODGED: pgettext_lazy("claim state", "deposit lodged"),
    _S.DEPOSIT_ACCEPTED: pgettext_lazy("claim state", "deposit accepted"),
    _S.DEPOSIT_REFUSED: pgettext_lazy("claim state", "deposit refused"),
    _S.OBJECTION_FILED: pgettext_lazy("claim state", "objection filed"),
    _S.OBJECTION_DISMISSED: pgettext_lazy("claim state", "objection dismissed"),
    _S.OBJECTION_UPHELD: pgettext_lazy("claim state", "objection upheld"),
    _S.DEPOSIT_WITHDRAWN: pgettext_lazy("claim state", "deposit withdrawn"),
    _S.DEPOSIT_COLLECTED: pgettext_lazy("claim state", "deposit collected"),
    _S.PASSED_TO_HEIRS: pgettext_lazy("claim state", "passed to the heirs"),
}

# What each state means (lifecycle.MEANING, for the reader rather than the rule's author).
MEANINGS = {
    _S.IDENTIFIED: pgettext_lazy(
        "claim state", "a creditor of the award is known; nobody has reached them yet"
    ),
    _S.CONTACTED: pgettext_lazy(
        "claim state", "the foundation has reached the creditor; they have not answered yet"
    ),
    _S.UNDECIDED: pgettext_lazy("claim state", "the creditor has answered without deciding"),
    _S.APPLIED: pgettext_lazy(
        "claim state", "the creditor consents and has handed in the application and documents"
    ),
    _S.VERIFIED: pgettext_lazy(
        "claim state", "identity, heirship and bank account are verified by a legal reviewer"
    ),
    _S.PAYMENT_PROPOSED: pgettext_lazy(
        "claim state", "a payment is proposed, its amount fixed as of the planned payment date"
    ),
    _S.PAYMENT_APPROVED: pgettext_lazy(
        "claim state", "a finance officer other than the proposer approved the payment"
    ),
    _S.PAID: pgettext_lazy("claim state", "the bank confirmed the payment; the debt is discharged"),
    _S.RECEIPTED: pgettext_lazy("claim state", "the creditor's receipt is on record; the file is closed"),
    _S.REFUSED: pgettext_lazy("claim state", "the creditor refuses the foundation's payment (수령거절)"),
    _S.OBJECTED: pgettext_lazy(
        "claim state", "the creditor objects explicitly to a third party's payment (Civil Act Art. 469(1))"
    ),
    _S.DEPOSIT_PROPOSED: pgettext_lazy("claim state", "a court deposit (변제공탁, Art. 487) is proposed"),
    _S.DEPOSIT_APPROVED: pgettext_lazy(
        "claim state", "an approver other than the proposer approved the deposit"
    ),
    _S.DEPOSIT_LODGED: pgettext_lazy(
        "claim state", "the deposit is lodged with a court, awaiting the deposit officer"
    ),
    _S.DEPOSIT_ACCEPTED: pgettext_lazy(
        "claim state", "the deposit officer accepted the deposit (수리); the court holds the money"
    ),
    _S.DEPOSIT_REFUSED: pgettext_lazy("claim state", "the deposit officer refused the deposit (불수리)"),
    _S.OBJECTION_FILED: pgettext_lazy(
        "claim state", "the foundation objected to the officer's refusal (이의신청) or appealed"
    ),
    _S.OBJECTION_DISMISSED: pgettext_lazy(
        "claim state", "the court dismissed the foundation's objection (기각)"
    ),
    _S.OBJECTION_UPHELD: pgettext_lazy(
        "claim state", "the court upheld the objection (인용); the officer is to accept the deposit"
    ),
    _S.DEPOSIT_WITHDRAWN: pgettext_lazy(
        "claim state", "the foundation gave the deposit up; the claim is owed again"
    ),
    _S.DEPOSIT_COLLECTED: pgettext_lazy(
        "claim state", "the creditor collected the deposit (출급); the file is closed"
    ),
    _S.PASSED_TO_HEIRS: pgettext_lazy(
        "claim state", "the creditor died; the claim passed to the heirs, each with a file of theirs"
    ),
}

EVENTS = {
    _E.CONTACT: pgettext_lazy("claim step", "record the first contact"),
    _E.DEFER: pgettext_lazy("claim step", "the creditor has not decided"),
    _E.APPLY: pgettext_lazy("claim step", "record the consent and the application"),
    _E.VERIFY: pgettext_lazy("claim step", "verify identity, heirship and bank account"),
    _E.PROPOSE_PAYMENT: pgettext_lazy("claim step", "propose a payment"),
    _E.APPROVE_PAYMENT: pgettext_lazy("claim step", "approve the payment"),
    _E.DECLINE: pgettext_lazy("claim step", "decline the payment"),
    _E.CONFIRM_PAYMENT: pgettext_lazy("claim step", "confirm the payment"),
    _E.PAYMENT_RETURNED: pgettext_lazy("claim step", "the bank returned the payment"),
    _E.RECEIPT: pgettext_lazy("claim step", "record the receipt"),
    _E.REFUSE: pgettext_lazy("claim step", "the creditor refuses"),
    _E.OBJECT: pgettext_lazy("claim step", "the creditor objects"),
    _E.PROPOSE_DEPOSIT: pgettext_lazy("claim step", "propose a court deposit"),
    _E.APPROVE_DEPOSIT: pgettext_lazy("claim step", "approve the court deposit"),
    _E.LODGE_DEPOSIT: pgettext_lazy("claim step", "lodge the court deposit"),
    _E.OFFICER_ACCEPTS: pgettext_lazy("claim step", "the deposit officer accepts"),
    _E.OFFICER_REFUSES: pgettext_lazy("claim step", "the deposit officer refuses"),
    _E.FILE_OBJECTION: pgettext_lazy("claim step", "file an objection"),
    _E.OBJECTION_DISMISSED: pgettext_lazy("claim step", "the objection is dismissed"),
    _E.OBJECTION_UPHELD: pgettext_lazy("claim step", "the objection is upheld"),
    _E.WITHDRAW_DEPOSIT: pgettext_lazy("claim step", "withdraw the deposit"),
    _E.CREDITOR_COLLECTS: pgettext_lazy("claim step", "the creditor collects the deposit"),
    _E.CONSENT_LATER: pgettext_lazy("claim step", "the creditor consents after all"),
    _E.DISPUTE: pgettext_lazy("claim step", "the heirs dispute the claim"),
    _E.SETTLE: pgettext_lazy("claim step", "the dispute is settled"),
    _E.HOLD: pgettext_lazy("claim step", "put the file on hold"),
    _E.RESUME: pgettext_lazy("claim step", "resume the file"),
    _E.CREDITOR_DIED: pgettext_lazy("claim step", "the creditor died"),
}

FLAGS = {
    Flag.DISPUTED: pgettext_lazy("claim flag", "disputed among the heirs"),
    Flag.ON_HOLD: pgettext_lazy("claim flag", "on hold"),
}

# Every fact a step requires or may carry (Transition.requires and .optional).
FACTS = {
    "channel": pgettext_lazy("claim fact", "how the creditor was reached"),
    "contacted_on": pgettext_lazy("claim fact", "contacted on"),
    "summary": pgettext_lazy("claim fact", "summary"),
    "consent": pgettext_lazy("claim fact", "consent to the third-party payment"),
    "application_form": pgettext_lazy("claim fact", "application form"),
    "identity_document": pgettext_lazy("claim fact", "identity document"),
    "bank_account_document": pgettext_lazy("claim fact", "bank account document"),
    "identity": pgettext_lazy("claim fact", "identity: how it was verified"),
    "heirship": pgettext_lazy("claim fact", "heirship: how it was verified"),
    "bank_account": pgettext_lazy("claim fact", "bank account: how it was verified"),
    "amount": pgettext_lazy("claim fact", "amount"),
    "planned_payment_date": pgettext_lazy("claim fact", "planned payment date"),
    "partial_reason": pgettext_lazy("claim fact", "reason for a partial payment"),
    "reason": pgettext_lazy("claim fact", "reason"),
    "not_sent": pgettext_lazy("claim fact", "not sent"),
    "bank_confirmation": pgettext_lazy("claim fact", "bank's confirmation reference"),
    "paid_on": pgettext_lazy("claim fact", "paid on"),
    "amount_paid": pgettext_lazy("claim fact", "amount paid"),
    "bank_notice": pgettext_lazy("claim fact", "bank's notice reference"),
    "returned_on": pgettext_lazy("claim fact", "returned on"),
    "return_reason": pgettext_lazy("claim fact", "why the bank returned it"),
    "receipt": pgettext_lazy("claim fact", "the creditor's receipt"),
    "objection_statement": pgettext_lazy("claim fact", "the creditor's objection"),
    "court": pgettext_lazy("claim fact", "court"),
    "ground": pgettext_lazy("claim fact", "ground for the deposit"),
    "planned_lodging_date": pgettext_lazy("claim fact", "planned lodging date"),
    "deposit_number": pgettext_lazy("claim fact", "deposit number"),
    "lodged_on": pgettext_lazy("claim fact", "lodged on"),
    "decided_on": pgettext_lazy("claim fact", "decided on"),
    "officer_reason": pgettext_lazy("claim fact", "the deposit officer's reason"),
    "case_number": pgettext_lazy("claim fact", "case number"),
    "filed_on": pgettext_lazy("claim fact", "filed on"),
    "ruling": pgettext_lazy("claim fact", "ruling"),
    "collected_on": pgettext_lazy("claim fact", "collected on"),
    "withdrawn_on": pgettext_lazy("claim fact", "withdrawn on"),
    "settlement": pgettext_lazy("claim fact", "settlement"),
    "died_on": pgettext_lazy("claim fact", "died on"),
    # Recorded by the services beside what was typed.
    "proposal": pgettext_lazy("claim fact", "payment proposal"),
    "payment": pgettext_lazy("claim fact", "payment"),
    "deposit": pgettext_lazy("claim fact", "court deposit"),
}

ACCOUNTS = {
    ledger.BANK: pgettext_lazy("ledger account", "Bank"),
    ledger.COURT_DEPOSITS: pgettext_lazy("ledger account", "Court deposits outstanding"),
    ledger.REIMBURSEMENT_RECEIVABLE: pgettext_lazy("ledger account", "Reimbursement claims receivable"),
    ledger.REIMBURSEMENT_ALLOWANCE: pgettext_lazy("ledger account", "Allowance on reimbursement claims"),
    ledger.NET_ASSETS: pgettext_lazy("ledger account", "Net assets"),
    ledger.CONTRIBUTIONS: pgettext_lazy("ledger account", "Contributions, unrestricted"),
    ledger.CONTRIBUTIONS_RESTRICTED: pgettext_lazy("ledger account", "Contributions, restricted"),
    ledger.RECOVERIES: pgettext_lazy("ledger account", "Reimbursement recovered"),
    ledger.PAYMENTS_TO_CREDITORS: pgettext_lazy("ledger account", "Payments to creditors"),
    ledger.OPERATING_COSTS: pgettext_lazy("ledger account", "Operating costs"),
}

# The fields record linkage compares (the comparisons' output columns of both models in
# amends.linkage.model), as the runs' and the pairs' pages name them.
LINKAGE_FIELDS = {
    "surname": pgettext_lazy("linkage field", "surname"),
    "given_name": pgettext_lazy("linkage field", "given name"),
    "name_hangul": pgettext_lazy("linkage field", "name (Hangul)"),
    "name_hanja": pgettext_lazy("linkage field", "name (Hanja)"),
    "name_japanese": pgettext_lazy("linkage field", "Japanese-style name"),
    "name_japanese_reading": pgettext_lazy("linkage field", "Japanese reading"),
    "name_romanized": pgettext_lazy("linkage field", "romanised name"),
    "birth_date": pgettext_lazy("linkage field", "birth date"),
    "hometown": pgettext_lazy("linkage field", "hometown"),
    "employer": pgettext_lazy("linkage field", "employer"),
    "worksite": pgettext_lazy("linkage field", "worksite"),
}

# Issue 16: the support programme's application files (amends.law.applications), their states and steps.
APPLICATION_STATES = {
    "received": pgettext_lazy("application state", "received"),
    "linked": pgettext_lazy("application state", "linked to a person"),
    "eligibility_proposed": pgettext_lazy("application state", "eligibility proposed"),
    "eligible": pgettext_lazy("application state", "eligible"),
    "refused": pgettext_lazy("application state", "refused"),
    "objection_filed": pgettext_lazy("application state", "objection filed"),
    "objection_upheld": pgettext_lazy("application state", "objection upheld (eligible)"),
    "objection_dismissed": pgettext_lazy("application state", "objection dismissed"),
}
APPLICATION_STEPS = {
    "link": pgettext_lazy("application step", "link to a person"),
    "propose": pgettext_lazy("application step", "propose eligibility"),
    "approve": pgettext_lazy("application step", "decide eligible"),
    "refuse": pgettext_lazy("application step", "refuse"),
    "object": pgettext_lazy("application step", "file an objection"),
    "uphold": pgettext_lazy("application step", "uphold the objection"),
    "dismiss": pgettext_lazy("application step", "dismiss the objection"),
}

# Issue 17: what each audit event's action code (``award.admin_change``, ``journal.post``) says, for the
# trail on the pages (``{{ event.action|label:"action" }}``). Codes written from a name of the rules are
# worded from that name's label (:func:`action_label`): ``claim.<step>`` and ``application_file.<step>``,
# and the audited admin's ``<model>.admin_<verb>`` from the model's name. ``tests/core/test_labels.py``
# collects every code written in amends/ from the source and fails on one without a label.
ACTIONS = {
    "accrualterm.correct": pgettext_lazy("audit action", "accrual term corrected"),
    "api_token.create": pgettext_lazy("audit action", "API token created"),
    "api_token.revoke": pgettext_lazy("audit action", "API token revoked"),
    "application_file.flag_clear": pgettext_lazy("audit action", "application's flag cleared"),
    "award.correct": pgettext_lazy("audit action", "award corrected"),
    "award.create": pgettext_lazy("audit action", "award recorded"),
    "batch.create": pgettext_lazy("audit action", "payment batch built"),
    "batch.export": pgettext_lazy("audit action", "payment batch file downloaded"),
    "batch.reveal_accounts": pgettext_lazy("audit action", "batch's account numbers shown in full"),
    "case.create": pgettext_lazy("audit action", "case recorded"),
    "civic_position.change": pgettext_lazy("audit action", "civic position changed"),
    "civic_position.delete": pgettext_lazy("audit action", "civic position deleted"),
    "civic_position.record": pgettext_lazy("audit action", "civic position recorded"),
    "claim.open": pgettext_lazy("audit action", "claim file opened"),
    "consultation.attach_document": pgettext_lazy("audit action", "document attached to a consultation"),
    "consultation.change": pgettext_lazy("audit action", "consultation changed"),
    "consultation.delete": pgettext_lazy("audit action", "consultation deleted"),
    "consultation.record": pgettext_lazy("audit action", "consultation recorded"),
    "contribution.pledge": pgettext_lazy("audit action", "pledge recorded"),
    "contribution.receipt": pgettext_lazy("audit action", "contribution received"),
    "correction.approve": pgettext_lazy("audit action", "correction approved and applied"),
    "correction.propose": pgettext_lazy("audit action", "correction proposed"),
    "correction.refuse": pgettext_lazy("audit action", "correction refused"),
    "creditor.correct": pgettext_lazy("audit action", "creditors' shares corrected"),
    "creditor.heir": pgettext_lazy("audit action", "heir added as a creditor"),
    "creditor.heir_share": pgettext_lazy("audit action", "heir's share recorded"),
    "death_report.confirm": pgettext_lazy("audit action", "death report confirmed"),
    "death_report.propose": pgettext_lazy("audit action", "death reported"),
    "death_report.refuse": pgettext_lazy("audit action", "death report refused"),
    "document.upload": pgettext_lazy("audit action", "document uploaded"),
    "donor.create": pgettext_lazy("audit action", "donor recorded"),
    "external_payment.create": pgettext_lazy("audit action", "payment from elsewhere recorded"),
    "import.job_fail": pgettext_lazy("audit action", "import failed"),
    "journal.post": pgettext_lazy("audit action", "journal entry posted"),
    "journal.post_many": pgettext_lazy("audit action", "journal entries posted in bulk"),
    "letter.send": pgettext_lazy("audit action", "letter sent"),
    "letter_template.revise": pgettext_lazy("audit action", "letter template revised"),
    "letter_template.seed": pgettext_lazy("audit action", "letter templates loaded"),
    "linkage.review": pgettext_lazy("audit action", "candidate pair reviewed"),
    "linkage.review_bulk": pgettext_lazy("audit action", "candidate pairs reviewed in bulk"),
    "linkage.run_cancel": pgettext_lazy("audit action", "matching run asked to stop"),
    "linkage.run_cancelled": pgettext_lazy("audit action", "matching run cancelled"),
    "linkage.run_create": pgettext_lazy("audit action", "matching run queued"),
    "linkage.run_fail": pgettext_lazy("audit action", "matching run failed"),
    "linkage.run_finish": pgettext_lazy("audit action", "matching run finished"),
    "linkage.run_start": pgettext_lazy("audit action", "matching run started"),
    "marriage.create": pgettext_lazy("audit action", "marriage recorded"),
    "parent_child.create": pgettext_lazy("audit action", "parent and child linked"),
    "payee_account.record": pgettext_lazy("audit action", "bank account recorded"),
    "payee_account.reveal": pgettext_lazy("audit action", "bank account shown in full"),
    "pending_suit.create": pgettext_lazy("audit action", "pending suit recorded"),
    "person.correct_death": pgettext_lazy("audit action", "date of death corrected"),
    "person.create": pgettext_lazy("audit action", "person registered"),
    "person.record_death": pgettext_lazy("audit action", "death recorded"),
    "person.record_rrn": pgettext_lazy("audit action", "resident registration number recorded"),
    "portal_access.issue_code": pgettext_lazy("audit action", "portal code issued"),
    "portal_access.lock": pgettext_lazy("audit action", "portal access locked"),
    "renunciation.create": pgettext_lazy("audit action", "renunciation recorded"),
    "rosters.import_applications": pgettext_lazy("audit action", "applications imported"),
    "rosters.import_payments": pgettext_lazy("audit action", "earlier-programme payments imported"),
    "rosters.import_roster": pgettext_lazy("audit action", "roster imported"),
    "statement.import": pgettext_lazy("audit action", "bank statement imported"),
}
# The audited admin's verbs (amends.audit.audited_admin.admin_action), worded with the model's name.
ADMIN_ACTIONS = {
    "create": pgettext_lazy("audit action", "%(model)s added in the admin"),
    "change": pgettext_lazy("audit action", "%(model)s changed in the admin"),
    "delete": pgettext_lazy("audit action", "%(model)s deleted in the admin"),
}
CLAIM_STEP = pgettext_lazy("audit action", "claim file: %(step)s")
APPLICATION_STEP = pgettext_lazy("audit action", "application file: %(step)s")
_ADMIN = re.compile(r"(?P<model>[a-z0-9_]+)\.admin_(?P<verb>[a-z]+)")


def action_label(code: str) -> str | None:
    """What the audit action ``code`` says in the current language; ``None`` for a code nobody wrote a
    label for (:func:`label` then shows it as words)."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    subject, _dot, rest = code.partition(".")
    if subject == "claim" and rest in EVENTS:
        return CLAIM_STEP % {"step": EVENTS[rest]}
    if subject == "application_file" and rest in APPLICATION_STEPS:
        return APPLICATION_STEP % {"step": APPLICATION_STEPS[rest]}
    admin = _ADMIN.fullmatch(code)
    if admin and admin["verb"] in ADMIN_ACTIONS:
        models = [model for model in apps.get_models() if model._meta.model_name == admin["model"]]
        if models:
            return ADMIN_ACTIONS[admin["verb"]] % {"model": capfirst(models[0]._meta.verbose_name)}
    return None


# Issue 17: the names of the fields an audit event's before and after name (a person's names and dates,
# an award's terms, a correction's parts), for the history tables (``{{ key|label:"field" }}``).
FIELDS = {
    "name_hangul": pgettext_lazy("field", "name in Hangul"),
    "name_hanja": pgettext_lazy("field", "name in Hanja"),
    "name_japanese": pgettext_lazy("field", "Japanese-style name"),
    "name_japanese_reading": pgettext_lazy("field", "reading of the Japanese-style name"),
    "name_romanized": pgettext_lazy("field", "romanised name"),
    "sex": pgettext_lazy("field", "sex"),
    "birth_date": pgettext_lazy("field", "date of birth"),
    "death_date": pgettext_lazy("field", "date of death"),
    "household_head": pgettext_lazy("field", "head of household"),
    "household_head_heir": pgettext_lazy("field", "heir to the headship"),
    "married_out": pgettext_lazy("field", "married out of the family"),
    "died_on": pgettext_lazy("field", "date of death reported"),
    "previous": pgettext_lazy("field", "date on record before"),
    "document": pgettext_lazy("field", "document"),
    "reason": pgettext_lazy("field", "reason"),
    "proposed_by": pgettext_lazy("field", "proposed by"),
    "decided_by": pgettext_lazy("field", "decided by"),
    "status": pgettext_lazy("field", "status"),
    "refusal": pgettext_lazy("field", "why refused"),
    "person": pgettext_lazy("field", "person"),
    "award": pgettext_lazy("field", "award"),
    "case": pgettext_lazy("field", "case"),
    "victim": pgettext_lazy("field", "victim"),
    "kind": pgettext_lazy("field", "what is corrected"),
    "accrual": pgettext_lazy("field", "accrual term"),
    "before": pgettext_lazy("field", "on record when proposed"),
    "after": pgettext_lazy("field", "corrected to"),
    "principal": pgettext_lazy("field", "principal"),
    "method": pgettext_lazy("field", "method"),
    "terms_assumed": pgettext_lazy("field", "terms assumed"),
    "notes": pgettext_lazy("field", "notes"),
    "starts_on": pgettext_lazy("field", "starts on"),
    "ends_on": pgettext_lazy("field", "ends on"),
    "rate": pgettext_lazy("field", "rate"),
    "shares": pgettext_lazy("field", "shares"),
    "share_numerator": pgettext_lazy("field", "share (numerator)"),
    "share_denominator": pgettext_lazy("field", "share (denominator)"),
    "succeeds": pgettext_lazy("field", "succeeds"),
}


TABLES = {
    "field": FIELDS,
    "application_state": APPLICATION_STATES,
    "application_step": APPLICATION_STEPS,
    "state": STATES,
    "meaning": MEANINGS,
    "event": EVENTS,
    "flag": FLAGS,
    "fact": FACTS,
    "account": ACCOUNTS,
    "linkage_field": LINKAGE_FIELDS,
    "action": ACTIONS,
}


def label(kind: str, value: object) -> str:
    """``value``'s label of ``kind`` (a key of :data:`TABLES`) in the current language; a name with no
    label is shown as words (``bank_notice`` → "bank notice") rather than refused, so that a page never
    breaks on a name added to the rules before its label."""
    table = TABLES[kind]
    if kind == "action":
        found = action_label(str(value))
        return found if found is not None else str(value)
    found = table.get(str(value) if not isinstance(value, str) else value)
    return str(found) if found is not None else str(value).replace("_", " ")
