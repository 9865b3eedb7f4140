import pytest
from django.test import Client

from amends.api import services


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(username="analyst", is_staff=True)


@pytest.fixture
def token(staff):
    """A live token of a staff user; its secret is in ``token.secret``."""
    return services.api_token_create(by=None, user=staff, name="tests")


@pytest.fixture
def anonymous():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def bearer(token):
    """A client that sends the staff token and no session."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")
