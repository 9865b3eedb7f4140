"""Writes for API tokens: creating one (its secret returned once) and revoking one.

Each write appends its audit event in the same transaction; ``by`` is the user acting, ``None`` for
the system (``amends api_token`` run by an operator). Events record the token's user, name and prefix,
never its secret or hash.

:func:`api_token_touch` records when a token was last used. It is bookkeeping, not a change of state,
so it appends no event, and it writes at most once a minute per token, so that a busy script does
not turn every read into a write.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.api.models import ApiToken
from amends.api.permissions import may_use_api
from amends.audit.services import audit_append, snapshot

TOKEN_FIELDS = ["user", "name", "prefix", "revoked_at"]
# A token's last use is recorded to the minute: finer would write on every request.
TOUCH_EVERY = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """The SHA-256 of ``secret``, in hex: what the database keeps instead of the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    # Shown to whoever created the token, once: it cannot be had again.
    secret: str


@transaction.atomic
def api_token_create(*, by: User | None, user: User, name: str) -> CreatedToken:
    """A new token for ``user``, named ``name``; the result carries the secret, shown only now."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token after what it is for.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The token's name is too long.")})
    if not may_use_api(user):
        raise ValidationError(
            {"user": _("%(user)s is not an active staff member: the API is for staff.") % {"user": user}}
        )
    while True:
        # 256 random bits, URL-safe; the prefix is drawn again in the (unlikely) case it is taken, so
        # that a prefix names one token, and when it begins with "-", which `amends api_token revoke`
        # would read as an option (one secret in 64 did).
        secret = secrets.token_urlsafe(32)
        prefix = secret[: ApiToken.PREFIX_LENGTH]
        if not prefix.startswith("-") and not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_secret(secret), prefix=prefix)
    audit_append(actor=by, action="api_token.create", subject=token, after=snapshot(token, TOKEN_FIELDS))
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, by: User | None, token: ApiToken) -> ApiToken:
    """Revoke ``token`` from now on; it stays on record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(
            _("The token %(prefix)s was already revoked on %(date)s.")
            % {"prefix": token.prefix, "date": timezone.localtime(token.revoked_at).date()}
        )
    before = snapshot(token, TOKEN_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_append(
        actor=by, action="api_token.revoke", subject=token, before=before, after=snapshot(token, TOKEN_FIELDS)
    )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that ``token`` was used now (at most once a minute; see the module's docstring)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
