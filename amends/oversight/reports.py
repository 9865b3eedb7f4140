"""The finance reports: the trial balance, donations, payments by case and defendant, and the
reimbursement claims outstanding.

A report is a :class:`Report` (a title, column headings, rows of plain values) so that one view can
show it on screen and offer it as CSV and XLSX.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from amends.fund.models import Contribution
from amends.fund.selectors import trial_balance
from amends.judgments.models import Case
from amends.payments.models import CourtDeposit, Payment, ReimbursementClaim


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    money: frozenset[int] = frozenset()  # indexes of columns in won

    def cells(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells as (text, is a number), amounts in won written 1,234,567."""
        return [
            [
                (f"{value:,}" if isinstance(value, int) else str(value), isinstance(value, int))
                for value in row
            ]
            for row in self.rows
        ]


def report_trial_balance() -> Report:
    tb = trial_balance()
    rows = [[a.code, a.name, a.debit_balance, a.credit_balance, a.balance] for a in tb.accounts]
    rows.append(["", _("Total"), tb.debits, tb.credits, ""])
    return Report(
        "trial-balance",
        _("Trial balance"),
        [_("Code"), _("Account"), _("Debit"), _("Credit"), _("Balance")],
        rows,
        frozenset({2, 3, 4}),
    )


def report_donations() -> Report:
    rows = [
        [
            c.on.isoformat(),
            c.donor.name,
            c.get_kind_display(),
            c.amount if c.amount is not None else _("not disclosed"),
            _("restricted") if c.restricted else _("unrestricted"),
            c.purpose,
            c.note,
        ]
        for c in Contribution.objects.select_related("donor").order_by("on", "pk")
    ]
    return Report(
        "donations",
        _("Donations"),
        [_("Date"), _("Donor"), _("Kind"), _("Amount"), _("Use"), _("Purpose"), _("Note")],
        rows,
        frozenset({3}),
    )


def report_payments() -> Report:
    """The foundation's payments (not those the bank brought back) and court deposits, by case and
    defendant."""
    defendants: dict[int, list[str]] = defaultdict(list)
    for case_id, name in Case.defendants.through.objects.values_list("case_id", "defendant__name_en"):
        defendants[case_id].append(name)
    paid = {
        row["creditor__award__case_id"]: row
        for row in Payment.objects.standing()
        .order_by()
        .values("creditor__award__case_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    deposited = {
        row["claim__creditor__award__case_id"]: row
        for row in CourtDeposit.objects.order_by()
        .values("claim__creditor__award__case_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    rows = []
    for case in Case.objects.order_by("number"):
        p, d = paid.get(case.pk, {}), deposited.get(case.pk, {})
        rows.append(
            [
                case.number,
                ", ".join(sorted(defendants[case.pk])),
                p.get("count", 0),
                p.get("amount") or 0,
                d.get("count", 0),
                d.get("amount") or 0,
            ]
        )
    rows.append(
        [
            _("Total"),
            "",
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
            sum(r[4] for r in rows),
            sum(r[5] for r in rows),
        ]
    )
    return Report(
        "payments",
        _("Payments by case and defendant"),
        [_("Case"), _("Defendants"), _("Payments"), _("Paid"), _("Court deposits"), _("Deposited")],
        rows,
        frozenset({3, 5}),
    )


def report_reimbursements() -> Report:
    rows = [
        [
            claim.opened_on.isoformat(),
            claim.case.number,
            ", ".join(sorted(d.name_en for d in claim.case.defendants.all())),
            str(claim.payment.creditor),
            claim.amount,
            claim.get_status_display(),
        ]
        for claim in ReimbursementClaim.objects.exclude(status__in=["recovered", "written_off", "cancelled"])
        .select_related("case", "payment__creditor__person")
        .prefetch_related("case__defendants")
        .order_by("opened_on", "pk")
    ]
    rows.append([_("Total"), "", "", "", sum(r[4] for r in rows), ""])
    return Report(
        "reimbursements",
        _("Reimbursement claims outstanding"),
        [_("Opened"), _("Case"), _("Defendants"), _("Paid to"), _("Amount"), _("Status")],
        rows,
        frozenset({4}),
    )


REPORTS = {
    "trial-balance": report_trial_balance,
    "donations": report_donations,
    "payments": report_payments,
    "reimbursements": report_reimbursements,
}
