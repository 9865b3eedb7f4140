"""``amends api_token``: a token's secret is printed once and only its hash is kept."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from amends.api.models import ApiToken
from amends.audit.models import AuditEvent
from amends.audit.selectors import events_for, verify_chain

pytestmark = pytest.mark.django_db


def amends(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_secret_once_and_stores_only_its_hash(staff):
    # when
    out, err = amends("create", "analyst", "--name", "monthly export")

    # then: the secret alone on stdout, the explanation on stderr
    secret = out.strip()
    assert len(secret) >= 40 and "\n" not in secret
    assert secret not in err
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (staff, "monthly export", secret[:8])
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in stored
    # and the audit trail records the token without its secret or hash
    (event,) = events_for(subject=token)
    assert event.action == "api_token.create"
    assert event.after == {
        "user": staff.pk,
        "name": "monthly export",
        "prefix": secret[:8],
        "revoked_at": None,
    }
    assert secret not in json.dumps(list(AuditEvent.objects.values("before", "after")))
    assert token.key_hash not in json.dumps(list(AuditEvent.objects.values("before", "after")))
    # and the secret is a working token, which the listing does not show
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/cases").status_code == 200
    listing, _ = amends("list")
    assert token.prefix in listing and secret not in listing


def test_revoke_by_prefix_ends_the_token_and_records_it(staff):
    # given
    secret = amends("create", "analyst", "--name", "laptop")[0].strip()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    # when
    out, _ = amends("revoke", secret[:8])

    # then
    assert "revoked" in out
    assert client.get("/api/cases").status_code == 401
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert [event.action for event in events_for(subject=token)] == ["api_token.create", "api_token.revoke"]
    assert verify_chain().ok
    with pytest.raises(CommandError, match="already revoked"):
        amends("revoke", secret[:8])


def test_unknown_users_prefixes_and_non_staff_are_refused(django_user_model, staff):
    # given
    django_user_model.objects.create_user(username="claimant")

    # then
    with pytest.raises(CommandError, match="no user"):
        amends("create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="not an active staff member"):
        amends("create", "claimant", "--name", "x")
    with pytest.raises(CommandError, match="Name the token"):
        amends("create", "analyst", "--name", "  ")
    with pytest.raises(CommandError, match="no token"):
        amends("revoke", "abcdefgh")
    assert not ApiToken.objects.exists()
