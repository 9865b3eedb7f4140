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

TABLES = {
    "application_state": APPLICATION_STATES,
    "application_step": APPLICATION_STEPS,
    "state": STATES,
    "meaning": MEANINGS,
    "event": EVENTS,
    "flag": FLAGS,
    "fact": FACTS,
    "account": ACCOUNTS,
    "linkage_field": LINKAGE_FIELDS,
}


def label(kind: str, value: object) -> str:
    """``value``'s label of ``kind`` (a key of :data:`TABLES`) in the current language; a name with no
    label is shown as words (``bank_notice`` → "bank notice") rather than refused, so that a page never
    breaks on a name added to the rules before its label."""
    table = TABLES[kind]
    found = table.get(str(value) if not isinstance(value, str) else value)
    return str(found) if found is not None else str(value).replace("_", " ")
