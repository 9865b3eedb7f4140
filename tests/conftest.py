import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's shared folder (LAW.md, DESIGN.md and the worked examples) lies beside the checkout.
SHARED = Path(os.environ.get("AMENDS_SHARED_DIR", ROOT.parent / "shared"))


def shared_data(name: str) -> Path:
    path = SHARED / "data" / name
    assert path.exists(), f"{path} is missing: set AMENDS_SHARED_DIR to the project's shared folder"
    return path


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Pages render {% static %} without a collectstatic run; the manifest storage is for gunicorn.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db):
    from amends.core.demo import load_demo

    load_demo()


@pytest.fixture
def staff_client(client, django_user_model):
    from tests.support import grant

    user = django_user_model.objects.create_user(username="caseworker", password="a long passphrase 7")
    user.is_staff = True
    user.save()
    grant(user, "caseworker")
    client.force_login(user)
    # Korean is the default; the assertions read the English pages, and tests of the Korean pages
    # ask for Korean themselves.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
