"""Read-only admin for payments: money moves only through the services (four eyes, audit, locks)."""

from django.contrib import admin

from amends.payments.models import (
    Claim,
    ClaimEntry,
    CourtDeposit,
    ExternalPayment,
    Payment,
    PaymentProposal,
    ReimbursementClaim,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model, columns in (
    (Claim, ["creditor", "state", "flags", "updated_at"]),
    (ClaimEntry, ["claim", "event", "from_state", "to_state", "occurred_on", "by"]),
    (PaymentProposal, ["claim", "amount", "planned_on", "status", "prepared_by", "approved_by"]),
    (Payment, ["creditor", "amount", "paid_on", "bank_reference"]),
    (ReimbursementClaim, ["case", "amount", "status", "opened_on"]),
    (CourtDeposit, ["claim", "court", "deposit_number", "lodged_on", "amount"]),
    (ExternalPayment, ["award", "creditor", "paid_on", "amount", "source"]),
):
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnly,), {"list_display": columns}))
