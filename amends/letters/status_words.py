"""Each lifecycle state in plain words for families: where the claim stands, and what is needed from them.

The staff pages show :data:`amends.law.lifecycle.MEANING`, written for caseworkers; this is written
for the creditor, in the second person, and translated into Korean and Japanese.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from amends.law.lifecycle import State

NOTHING = _("Nothing is needed from you at the moment.")

WHERE: dict[State, Promise] = {
    State.IDENTIFIED: _("We know you are entitled under the judgment, and we will contact you."),
    State.CONTACTED: _("We have contacted you about the payment and are waiting for your answer."),
    State.UNDECIDED: _("You have told us you have not decided yet. Take the time you need."),
    State.APPLIED: _("We have your consent and your documents, and we are checking them."),
    State.VERIFIED: _("We have checked your identity, your entitlement and your bank account."),
    State.PAYMENT_PROPOSED: _("The payment is being prepared for the amount shown below."),
    State.PAYMENT_APPROVED: _("The payment is approved and will be sent to your bank account."),
    State.PAID: _("The payment has been made to your bank account."),
    State.RECEIPTED: _("The payment is complete and your receipt is on record. Your claim is closed."),
    State.REFUSED: _("You have declined the Foundation's payment. We respect your decision."),
    State.OBJECTED: _("You have objected to payment by the Foundation. We respect your decision."),
    State.DEPOSIT_PROPOSED: _("The Foundation is considering depositing the amount with a court."),
    State.DEPOSIT_APPROVED: _("The Foundation has decided to deposit the amount with a court."),
    State.DEPOSIT_LODGED: _("The amount has been deposited with a court, which has not yet decided."),
    State.DEPOSIT_ACCEPTED: _("The court has accepted the deposit and holds the money for you."),
    State.DEPOSIT_REFUSED: _("The court's deposit officer did not accept the deposit."),
    State.OBJECTION_FILED: _("The Foundation has asked the court to review the refusal of the deposit."),
    State.OBJECTION_DISMISSED: _("The court did not change the refusal of the deposit."),
    State.OBJECTION_UPHELD: _("The court decided that the deposit is to be accepted."),
    State.DEPOSIT_WITHDRAWN: _("The Foundation has withdrawn the court deposit."),
    State.DEPOSIT_COLLECTED: _("You have collected the deposit from the court. Your claim is closed."),
    State.PASSED_TO_HEIRS: _(
        "The creditor of this claim has died. The claim has passed to the heirs, each of whom has a claim "
        "of their own."
    ),
}

NEEDED: dict[State, Promise] = {
    State.IDENTIFIED: NOTHING,
    State.CONTACTED: _("Please tell us whether you accept the payment offer."),
    State.UNDECIDED: _("When you have decided, please tell us, or ask us any question."),
    State.APPLIED: NOTHING,
    State.VERIFIED: NOTHING,
    State.PAYMENT_PROPOSED: NOTHING,
    State.PAYMENT_APPROVED: NOTHING,
    State.PAID: _("Please sign and return the receipt."),
    State.RECEIPTED: NOTHING,
    State.REFUSED: _("If you change your mind, you may contact us at any time."),
    State.OBJECTED: _("If you change your mind, you may contact us at any time."),
    State.DEPOSIT_PROPOSED: NOTHING,
    State.DEPOSIT_APPROVED: NOTHING,
    State.DEPOSIT_LODGED: NOTHING,
    State.DEPOSIT_ACCEPTED: _("You may collect the money from the court at any time."),
    State.DEPOSIT_REFUSED: NOTHING,
    State.OBJECTION_FILED: NOTHING,
    State.OBJECTION_DISMISSED: NOTHING,
    State.OBJECTION_UPHELD: NOTHING,
    State.DEPOSIT_WITHDRAWN: _("If you wish to accept the payment, please contact us."),
    State.DEPOSIT_COLLECTED: NOTHING,
    State.PASSED_TO_HEIRS: _("If you are an heir, please contact us about your own claim."),
}

ON_HOLD = _("Your claim is on hold for the moment; we will tell you when it moves on.")
DISPUTED = _("The heirs disagree about this claim; it waits until the disagreement is settled.")


def where(state: str) -> str:
    return str(WHERE[State(state)])


def needed(state: str) -> str:
    return str(NEEDED[State(state)])
