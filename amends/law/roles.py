"""The roles of the people who work in amends, by name: the one place they are spelled. The lifecycle
names the role each step needs; the Django side (:mod:`amends.core.roles`) maps each to a group of the
same name. Auditors and executives read and record nothing."""

CASEWORKER = "caseworker"
LEGAL_REVIEWER = "legal_reviewer"
FINANCE_OFFICER = "finance_officer"
APPROVER = "approver"
AUDITOR = "auditor"
EXECUTIVE = "executive"

# The roles that record steps of a claim's lifecycle.
RECORDING = (CASEWORKER, LEGAL_REVIEWER, FINANCE_OFFICER, APPROVER)
ROLES = (*RECORDING, AUDITOR, EXECUTIVE)
