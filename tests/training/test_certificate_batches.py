"""All of a training's certificates as one PDF, prepared in the background (training/tasks.py) and served from
storage while current; on the real database queue, the worker (`db_worker`) does the job."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from tests.scoping import assert_refused
from tests.training.helpers import training_at
from tests.training.test_pdf import all_certified
from tests.training.test_training_pages import act
from training.models import BatchStatus, Certificate, CertificateBatch, Step

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def certified(world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    all_certified(world, training)
    assert Certificate.objects.filter(enrollment__training=training).count() == 3
    return training


def pages_of(response) -> int:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    return len(PdfReader(io.BytesIO(data)).pages)


def test_prepare_then_download_all_certificates(client, world, certified):
    client.force_login(world.tao_a)
    url = reverse("training:certificates_pdf", args=[certified.pk])
    not_yet = client.get(url, follow=True)
    assert "เตรียมไฟล์ PDF" in not_yet.content.decode()
    page = act(client, certified, "certificates_batch").content.decode()
    batch = CertificateBatch.objects.get(training=certified)
    assert batch.status == BatchStatus.READY and batch.requested_by == world.tao_a and batch.task_id
    assert default_storage.exists(batch.file.name)
    assert url in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    valid = Certificate.objects.filter(enrollment__training=certified, revoked_at__isnull=True).count()
    assert pages_of(response) == batch.certificate_count == valid


def test_a_revocation_makes_the_pdf_out_of_date_and_a_new_one_replaces_it(client, world, certified):
    client.force_login(world.tao_a)
    act(client, certified, "certificates_batch")
    first = CertificateBatch.objects.get()
    certificate = Certificate.objects.filter(enrollment__training=certified).first()
    act(client, certified, "revoke", id=certificate.pk, reason="ออกซ้ำ", confirmed="1")
    url = reverse("training:certificates_pdf", args=[certified.pk])
    stale = client.get(url, follow=True).content.decode()
    assert "เปลี่ยนไป" in stale and not CertificateBatch.objects.get().is_current()
    act(client, certified, "certificates_batch")
    second = CertificateBatch.objects.get()  # the older batch and its file are gone
    assert second.pk != first.pk and not default_storage.exists(first.file.name)
    assert pages_of(client.get(url)) == first.certificate_count - 1


def test_who_may_prepare_and_download(client, world, certified):
    client.force_login(world.tao_a)
    act(client, certified, "certificates_batch")
    url = reverse("training:certificates_pdf", args=[certified.pk])
    status_url = reverse("training:certificates_batch", args=[certified.pk])
    client.force_login(world.tao_b)
    assert client.get(url).status_code == 404 and client.get(status_url).status_code == 404
    client.force_login(world.district_a)  # reads the district's trainings, does not run them
    assert client.get(url).status_code == 200
    assert_refused(act(client, certified, "certificates_batch"))  # in the area: refused with the reason


def test_nothing_to_print_is_refused(client, world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY)
    client.force_login(world.tao_a)
    page = act(client, training, "certificates_batch").content.decode()
    assert "ยังไม่มีใบรับรอง" in page and not CertificateBatch.objects.exists()


def test_a_failed_job_says_so_and_may_be_tried_again(client, world, certified, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("training.pdf.certificates_pdf", broken)
    client.force_login(world.tao_a)
    page = act(client, certified, "certificates_batch").content.decode()
    assert CertificateBatch.objects.get().status == BatchStatus.FAILED
    assert "ไม่สำเร็จ" in page and 'value="certificates_batch"' in page
    monkeypatch.undo()
    act(client, certified, "certificates_batch")
    assert CertificateBatch.objects.filter(status=BatchStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker checks its connection, as a separate process would
def test_on_the_database_queue_the_worker_prepares_the_pdf(client, world, certified, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    client.force_login(world.tao_a)
    page = act(client, certified, "certificates_batch").content.decode()
    batch = CertificateBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED and DBTaskResult.objects.filter(id=batch.task_id).exists()
    assert 'hx-trigger="every 2s"' in page  # the page polls while the job waits
    act(client, certified, "certificates_batch")
    assert CertificateBatch.objects.count() == 1, "asking again while queued does not queue twice"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and batch.certificate_count == 3
    fragment = client.get(reverse("training:certificates_batch", args=[certified.pk])).content.decode()
    assert (
        "every 2s" not in fragment and reverse("training:certificates_pdf", args=[certified.pk]) in fragment
    )
