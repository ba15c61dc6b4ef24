"""Certificate PDF benchmark. Prints figures; exits 0.

1. One PDF of 20 certificates (one WeasyPrint render): cold (the first call, including the ~1 s import of
   WeasyPrint) and warm. Goal ≤ 4 s.
2. One certificate, warm: median of 10 after a warm-up. Goal ≤ 200 ms.

    DJANGO_DEBUG=false .venv/bin/python tests/benchmarks/bench_certificates.py
"""

import datetime
import logging
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one INFO line per page otherwise

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", 20))
BASE_URL = "https://lampao.go.th"
FIRST = ["สมศักดิ์", "มาลี", "บุญมี", "จันทร์เพ็ญ", "ประเสริฐ", "สุภาพร", "ทองใบ", "อรุณี", "วิชัย", "นงลักษณ์"]
LAST = ["ศรีสุข", "บุญเรือง", "แก้วมณี", "พรหมมา", "ทองดี", "สายสุด", "จันทร์หอม", "ภูผา", "ใจดี", "คำแสน"]


def build_training(count=CERTIFICATES, *, topic="การทำน้ำพริกแปรรูปเพื่อจำหน่าย"):
    """A training at step 8, its `count` eligible trainees (full attendance, passing score) certified."""
    from registry.models import Person, User
    from registry.scoping import Role
    from tests.benchmarks.data import national_id
    from tests.factories import tao_office
    from tests.scoping import ScopeWorld
    from tests.training.helpers import training_at
    from training.models import Attendance, Certificate, Enrollment, Session, Step
    from training.services import certificates_issue

    office = tao_office(ScopeWorld.SUB_A)
    office.signer_name, office.signer_position = "นายสมชาย ใจดี", f"นายก{office.name}"
    office.save()
    admin = User.objects.create(username="bench_admin", role=Role.ADMIN)
    training = training_at(office, Step.BUDGET, ready=True)  # topic … budget recorded, no sessions yet
    training.topic = topic
    training.save()
    sessions = [
        Session.objects.create(
            training=training,
            date=datetime.date(2026, 1, 20 + d),
            start_time=datetime.time(9),
            end_time=datetime.time(16 if d == 0 else 14),
        )
        for d in range(2)
    ]
    for n in range(count):
        person = Person.objects.create(
            title=("mrs", "mr", "miss")[n % 3],
            first_name=FIRST[n % len(FIRST)],
            last_name=LAST[(n // len(FIRST) + n) % len(LAST)],
            national_id=national_id(7000 + n, 3),
            sex="f" if n % 3 != 1 else "m",
            house_number=str(n + 1),
            village=training.village,
        )
        enrollment = Enrollment.objects.create(training=training, person=person, post_score=Decimal(85))
        Attendance.objects.bulk_create(
            [Attendance(enrollment=enrollment, session=s, hours=s.hours) for s in sessions]
        )
    training.step = Step.CERTIFY
    training.save()
    certificates_issue(user=admin, training=training)
    certificates = Certificate.objects.filter(enrollment__training=training).order_by("number")
    assert certificates.count() == count, certificates.count()
    return training, certificates


def main():
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from training.pdf import certificates_pdf

        print(f"Database: {connection.vendor}")
        training, certificates = build_training()
        start = time.perf_counter()
        import weasyprint  # noqa: F401

        imported = time.perf_counter() - start
        start = time.perf_counter()
        pdf = certificates_pdf(certificates, base_url=BASE_URL)
        cold = time.perf_counter() - start + imported
        warm_batch = []
        for _ in range(3):
            start = time.perf_counter()
            certificates_pdf(certificates, base_url=BASE_URL)
            warm_batch.append(time.perf_counter() - start)
        print(f"  import weasyprint: {imported:.2f} s")
        print(
            f"  {CERTIFICATES} certificates in one PDF: cold {cold:.2f} s (incl. import), "
            f"warm median {statistics.median(warm_batch):.2f} s, {len(pdf) / 1024:.0f} KB"
        )

        one = certificates.filter(pk=certificates[0].pk)
        certificates_pdf(one, base_url=BASE_URL)  # warm-up
        timings = []
        for _ in range(10):
            start = time.perf_counter()
            single = certificates_pdf(one, base_url=BASE_URL)
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        print(
            f"  one certificate, warm: median {median:.0f} ms "
            f"(min {min(timings):.0f}, max {max(timings):.0f}), {len(single) / 1024:.0f} KB"
        )
        print(
            f"  goals: {CERTIFICATES} certificates ≤ 4 s → {'met' if cold <= 4 else 'NOT met'} (cold); "
            f"one certificate ≤ 200 ms → {'met' if median <= 200 else 'NOT met'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
