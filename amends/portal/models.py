"""The families' portal: who may look up which claim.

A :class:`PortalAccess` gives one claim a public claim number (``AM-7KQD-M2XPH``) and a one-time code
sent by letter. The code is kept only as a keyed hash (HMAC with a key derived from the secret key):
whoever reads the database cannot log in with it. Failures are counted per claim, which is locked for
a while after repeated failures, and per client address (:class:`LookupFailure`), whatever number was
tried; the portal's answer to a failure is the same whether or not the number exists.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalAccess(models.Model):
    claim = models.OneToOneField("payments.Claim", on_delete=models.PROTECT, related_name="portal_access")
    number = models.CharField(_("claim number"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=64)
    code_issued_at = models.DateTimeField()
    code_expires_on = models.DateField()
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")

    def __str__(self) -> str:
        return self.number


class LookupFailure(models.Model):
    """A failed lookup from one client address (kept as a keyed hash), for the per-address limit."""

    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.client[:8]} {self.at}"
