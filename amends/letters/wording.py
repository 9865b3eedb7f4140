"""The first wording of each kind of letter, in English, translated through the catalogues.

These seed version 1 of each :class:`~amends.letters.models.LetterTemplate` in each language, the first
time a letter of that kind is written in that language; staff then edit the stored versions. The
placeholders each kind may use are listed in :data:`PLACEHOLDERS`.
"""

from django.utils.translation import gettext_lazy as _

from amends.letters.models import Kind

COMMON = ("addressee", "reference", "date", "claim_number", "case_number", "victim_name", "defendants")

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.OFFER: (*COMMON, "amount", "on"),
    Kind.CONSENT: (*COMMON, "amount", "on"),
    Kind.DECISION: (*COMMON, "decision", "needed"),
    Kind.RECEIPT: (*COMMON, "amount", "paid_on", "bank_reference"),
    Kind.DEPOSIT_NOTICE: (*COMMON, "amount", "court", "deposit_number", "lodged_on"),
    Kind.DONOR_RECEIPT: ("addressee", "reference", "date", "amount", "received_on", "purpose"),
    Kind.PORTAL_ACCESS: (*COMMON, "portal_url", "expires_on"),
    Kind.PROGRAMME_DECISION: (
        "addressee",
        "reference",
        "date",
        "application",
        "decision",
        "decided_on",
        "reasons",
        "objection_until",
        "objection_days",
    ),
}

SUBJECTS = {
    Kind.OFFER: _("Offer of payment of the judgment amount"),
    Kind.CONSENT: _("Consent to payment by a third party"),
    Kind.DECISION: _("Decision on your claim"),
    Kind.RECEIPT: _("Receipt of payment"),
    Kind.DEPOSIT_NOTICE: _("Notice of a court deposit"),
    Kind.DONOR_RECEIPT: _("Receipt for your donation"),
    Kind.PORTAL_ACCESS: _("How to follow your claim online"),
    Kind.PROGRAMME_DECISION: _("Decision on your application for support"),
}

BODIES = {
    Kind.OFFER: _(
        "Dear {{ addressee }},\n\n"
        "The Foundation offers to pay, on behalf of the defendant ({{ defendants }}), the amount the "
        "final judgment {{ case_number }} awards you for {{ victim_name }}, with the delay damages up to "
        "the day of payment.\n\n"
        "On {{ on }} that amount is {{ amount }} won. The calculation is set out below. If you accept, "
        "please sign and return the enclosed consent form. You are free to decline this offer."
    ),
    Kind.CONSENT: _(
        "I, {{ addressee }}, creditor under the final judgment {{ case_number }} for {{ victim_name }}, "
        "consent to the Foundation paying the amount the judgment awards me, with the delay damages up "
        "to the day of payment ({{ amount }} won on {{ on }}), on behalf of the defendant "
        "({{ defendants }}), as a third party under Article 469 of the Civil Act.\n\n"
        "I understand that the payment discharges the defendant's debt to me to the extent of the "
        "amount paid, and that the Foundation acquires a claim for reimbursement against the defendant."
    ),
    Kind.DECISION: _(
        "Dear {{ addressee }},\n\n"
        "We write about your claim {{ claim_number }} under the judgment {{ case_number }} for "
        "{{ victim_name }}.\n\n"
        "{{ decision }}\n\n"
        "{{ needed }}"
    ),
    Kind.RECEIPT: _(
        "Dear {{ addressee }},\n\n"
        "The Foundation paid you {{ amount }} won on {{ paid_on }} (bank confirmation "
        "{{ bank_reference }}) under the judgment {{ case_number }} for {{ victim_name }}. This letter "
        "confirms the payment."
    ),
    Kind.DEPOSIT_NOTICE: _(
        "Dear {{ addressee }},\n\n"
        "As you did not accept the payment, the Foundation has deposited {{ amount }} won with the "
        "{{ court }} (deposit number {{ deposit_number }}, lodged on {{ lodged_on }}) under Article 487 "
        "of the Civil Act, for your claim under the judgment {{ case_number }} for {{ victim_name }}.\n\n"
        "You may collect the deposit from the court at any time."
    ),
    Kind.DONOR_RECEIPT: _(
        "Dear {{ addressee }},\n\n"
        "The Foundation received your donation of {{ amount }} won on {{ received_on }}"
        "{% if purpose %} for {{ purpose }}{% endif %}. Thank you for supporting the victims of forced "
        "mobilization and their families."
    ),
    Kind.PORTAL_ACCESS: _(
        "Dear {{ addressee }},\n\n"
        "You can see where your claim stands, and download the letters we send you, on the families' "
        "portal at {{ portal_url }}. You will need the claim number, your date of birth and the "
        "one-time code printed below. The code is valid until {{ expires_on }}.\n\n"
        "Keep this letter safe and do not share the code."
    ),
    Kind.PROGRAMME_DECISION: _(
        "Dear {{ addressee }},\n\n"
        "We write about your application {{ application }} for support as a victim of forced "
        "mobilisation.\n\n"
        "{{ decision }} The decision was made on {{ decided_on }}.{% if reasons %} Its reasons: "
        "{{ reasons }}{% endif %}\n\n"
        "{% if objection_until %}If you disagree with this decision, you may object to the Foundation "
        "in writing until {{ objection_until }} ({{ objection_days }} days after the decision), giving "
        "your reasons and any documents that support them.{% endif %}"
    ),
}
