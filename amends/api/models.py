"""API tokens: a bearer secret for a staff user's scripts, known to the database only by its hash.

The secret is shown once, when the token is created (``amends api_token create``), and never stored:
the database keeps its SHA-256 (``key_hash``), which is what a request's token is looked up by, and
its first characters (``prefix``) to tell tokens apart in lists and to revoke one. A token acts as its
user, with the user's permissions, until it is revoked; a revoked token is kept, for the record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “monthly export”.")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret, in hex.")
    prefix = models.CharField(
        max_length=PREFIX_LENGTH, unique=True, help_text="The secret's first characters."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
