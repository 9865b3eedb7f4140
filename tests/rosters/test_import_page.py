"""The upload page (issue 16): a caseworker uploads a roster or applications, the database worker imports
it in the background, the page shows its progress and its result or its report; all or nothing, in the
uploader's name."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from amends.audit.models import AuditEvent
from amends.rosters.models import Application, ImportJob, RosterEntry
from tests.support import clear_append_only_records, grant


def work_the_queue() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


@pytest.fixture
def committed(transactional_db, settings):
    # The real database-backed queue: the worker sees only what is committed.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    clear_append_only_records()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_roster_is_imported_by_the_worker_with_progress_and_result(committed, staff_client):
    # given a caseworker who uploads a roster saved by Korean Excel, with a title row above its header
    content = "명부 1944\nref,name_hangul,birth_date\nR1,김정웅,1921. 3. 5.\nR2,이수부,19240817\n".encode(
        "cp949"
    )
    response = staff_client.post(
        reverse("rosters:import_upload"),
        {
            "file": SimpleUploadedFile("명부.csv", content),
            "kind": "roster",
            "source": "Mitsubishi 1944",
            "header_row": "2",
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("rosters:import_detail", args=[job.pk])
    # then, queued, its page polls for progress
    fragment = staff_client.get(reverse("rosters:import_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "queued" in fragment
    assert not RosterEntry.objects.exists()
    # when the worker works through the queue
    work_the_queue()
    # then the rows are in, in the uploader's name, and the page shows the result and stops polling
    job.refresh_from_db()
    assert (
        job.status == ImportJob.Status.DONE and job.progress == 100 and job.content in (b"", memoryview(b""))
    )
    assert dict(RosterEntry.objects.values_list("ref", "birth_date")) == {
        "R1": "1921-03-05",
        "R2": "1924-08-17",
    }
    event = AuditEvent.objects.get(action="rosters.import_roster")
    assert event.actor.username == "caseworker" and event.after["encoding"] == "cp949"
    page = staff_client.get(reverse("rosters:import_detail", args=[job.pk])).content.decode()
    assert "2 rows read: 2 added, 0 updated." in page
    assert "read as Korean CP949 (EUC-KR)" in page
    assert "hx-trigger" not in page.split('data-testid="import-progress"')[1].split(">")[0]


@pytest.mark.django_db(transaction=True)
def test_a_refused_upload_shows_its_report_and_imports_nothing(committed, staff_client):
    # given applications whose second row has an impossible date
    content = "ref,name_hangul,birth_date\nA1,김정웅,1921. 3. 5.\nA2,이수부,1921. 2. 30.\n".encode()
    staff_client.post(
        reverse("rosters:import_upload"),
        {"file": SimpleUploadedFile("a.csv", content), "kind": "applications", "header_row": "1"},
    )
    # when the worker takes it
    work_the_queue()
    # then nothing is imported, and the page shows the report row by row in the uploader's language
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    assert not Application.objects.exists()
    page = staff_client.get(reverse("rosters:import_detail", args=[job.pk])).content.decode()
    assert "row 3, birth_date: &#x27;1921. 2. 30.&#x27; is impossible: 1921-02 has no day 30" in page
    assert "Nothing was imported" in page


def test_the_form_refuses_what_it_can_check_before_queueing(staff_client, db):
    url = reverse("rosters:import_upload")
    response = staff_client.post(
        url, {"file": SimpleUploadedFile("r.csv", b"ref\nR1\n"), "kind": "roster", "source": " "}
    )
    assert response.status_code == 400 and "Name the roster&#x27;s source" in response.content.decode()
    response = staff_client.post(
        url, {"file": SimpleUploadedFile("a.pdf", b"%PDF"), "kind": "applications", "header_row": "1"}
    )
    assert (
        response.status_code == 400 and "Upload a CSV file or an Excel workbook" in response.content.decode()
    )
    response = staff_client.post(
        url,
        {
            "file": SimpleUploadedFile("a.csv", b"ref\nA1\n"),
            "kind": "applications",
            "mapping": "성명 name_hangul",
        },
    )
    assert response.status_code == 400 and "성명=name_hangul,생년월일=birth_date" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_a_caseworker_may_upload(client, django_user_model, db):
    client.force_login(grant(django_user_model.objects.create_user(username="lr"), "legal_reviewer"))
    response = client.post(
        reverse("rosters:import_upload"),
        {"file": SimpleUploadedFile("a.csv", b"ref\nA1\n"), "kind": "applications"},
    )
    assert response.status_code == 403
    assert client.get(reverse("rosters:import_upload")).status_code == 403
    assert not ImportJob.objects.exists()


def test_an_import_whose_worker_stopped_is_failed_when_someone_looks(staff_client, db):
    # given an import taken by a worker that was killed while writing: its lease ran out
    user = staff_client.get("/").wsgi_request.user
    job = ImportJob.objects.create(
        kind="roster", source="S", file_name="r.csv", content=b"ref\nR1\n", created_by=user, language="ko"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status="running",
        step="writing",
        worker="gone:1:x",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    # and another whose worker still holds its lease
    alive = ImportJob.objects.create(
        kind="roster", source="S", file_name="s.csv", content=b"x", created_by=user
    )
    ImportJob.objects.filter(pk=alive.pk).update(
        status="running", step="checking", lease_expires_at=timezone.now() + timedelta(minutes=5)
    )
    # when a caseworker opens the stopped import's page
    response = staff_client.get(reverse("rosters:import_detail", args=[job.pk]))
    # then it is failed, says why in the uploader's language, and the file (personal data) is gone
    job.refresh_from_db()
    assert (job.status, bytes(job.content)) == ("failed", b"")
    assert job.report == (
        "작업자가 행을 기록하는 중 응답을 멈추어 가져오기를 마치지 못했습니다. 아무것도 가져오지 않았습니다. "
        "파일을 다시 올려 주십시오."
    )
    assert job.report in response.content.decode()
    assert AuditEvent.objects.filter(action="import.job_fail", subject_id=str(job.pk)).count() == 1
    # and the import still running is left to its worker
    alive.refresh_from_db()
    assert alive.status == "running" and bytes(alive.content) == b"x"


def test_a_worker_holds_its_import_under_a_lease_and_ends_it(committed):
    # given a queued import
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("kim2")
    grant(user, "caseworker")
    job = ImportJob.objects.create(
        kind="roster",
        source="S",
        file_name="r.csv",
        content=b"ref,name_hangul\nR1,\xea\xb9\x80\n",
        created_by=user,
    )
    # when the worker does it
    from amends.rosters.imports import import_job_execute

    job = import_job_execute(job=job)
    # then it ended done, with its worker named and no lease left to run out
    assert job.status == "done"
    assert job.worker.count(":") == 2 and job.lease_expires_at is None
