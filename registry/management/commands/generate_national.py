"""National-scale data for benchmarks: every app's data, at a chosen scale, deterministic per seed.

The command only orchestrates: each app writes its own data in its own generate.py (registry, reports' target
villages, training, groups, grants, then reports' plans), all through kit.bulkload (COPY on PostgreSQL), in
one transaction.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from kit import thai
from kit.bulkload import Writer


class Command(BaseCommand):
    help = (
        "Generate national-scale data of every app for benchmarks "
        "(DJANGO_DEBUG=true only, on an empty register)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of the national figures (0 < s <= 1)"
        )
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, scale, seed, **options):
        from grants import generate as grants_generate
        from groups import generate as groups_generate
        from registry import generate as registry_generate
        from registry.models import District, Household, Office, Person, Province, SubDistrict, Village
        from reports import generate as reports_generate
        from training import generate as training_generate

        if not settings.DEBUG:
            raise CommandError(
                "generate_national runs only with DJANGO_DEBUG=true (it fills the database with fake data)."
            )
        if not 0 < scale <= 1:
            raise CommandError("--scale must be above 0 and at most 1.")
        # Real data is any person, household, village or office at all:
        # the generator only fills an empty register.
        if (
            Person.objects.exists()
            or Household.objects.exists()
            or Village.objects.exists()
            or Office.objects.exists()
        ):
            raise CommandError(
                "The database already has villages, households, people or offices: generate_national refuses."
            )
        subs = list(
            SubDistrict.objects.current().order_by("code").values_list("code", "district_id", "province_id")
        )
        if not subs:
            raise CommandError("No areas: run `manage.py load_areas` first.")
        districts = list(District.objects.current().order_by("code").values_list("code", "province_id"))
        provinces = list(Province.objects.current().order_by("code").values_list("code", flat=True))
        rnd = random.Random(seed)
        today = timezone.localdate()
        # The last complete fiscal year is the one reported on (its follow-ups are under way); some of the
        # current year's work is started too.
        year = thai.fiscal_year(today) - 1
        writer = Writer()
        started = time.monotonic()
        register = registry_generate.Register()
        with transaction.atomic():
            with self.step("villages", writer):
                used = set(
                    registry_generate.villages(
                        writer, register, rnd, subs, max(1, round(registry_generate.VILLAGES * scale))
                    )
                )
            with self.step("offices and users", writer):
                registry_generate.offices_and_users(
                    writer, register, [s for s in subs if s[0] in used], districts, provinces
                )
            with self.step("households, people and experts", writer):
                registry_generate.people(
                    writer, register, rnd, max(1, round(registry_generate.PEOPLE * scale)), today
                )
            targets = reports_generate.pick_targets(rnd, register.villages)
            with self.step("trainings", writer):
                trainings = training_generate.generate(
                    writer, register, rnd, scale=scale, year=year, today=today, targets=targets
                )
            with self.step("groups", writer):
                groups = groups_generate.generate(
                    writer, register, rnd, scale=scale, today=today, trainings=trainings
                )
            with self.step("grants", writer):
                grants_generate.generate(
                    writer, register, rnd, scale=scale, year=year, today=today, groups=groups
                )
            with self.step("plans, target villages and assessments", writer):
                reports_generate.generate(writer, register, year=year, districts=districts, targets=targets)
                reports_generate.assessments(
                    writer, register, rnd, year=year, today=today, trainings=trainings
                )
            committing = time.monotonic()
        # PostgreSQL checks the deferred foreign keys of every row written at the commit.
        self.stdout.write(f"commit: {time.monotonic() - committing:.1f} s")
        if connection.vendor == "postgresql":
            with self.step("ANALYZE", writer), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from reports.services.snapshots import mark_changed

        mark_changed()  # the dashboard's stored figures (reports/services/snapshots.py)
        self.stdout.write(f"fiscal year {year}; done in {time.monotonic() - started:.1f} s")

    def step(self, name, writer):
        command = self

        class Step:
            def __enter__(self):
                self.since, self.before = time.monotonic(), dict(writer.counts)

            def __exit__(self, *exc):
                if exc[0] is None:
                    rows = {
                        label: n - self.before.get(label, 0)
                        for label, n in writer.counts.items()
                        if n != self.before.get(label, 0)
                    }
                    written = ", ".join(f"{label.split('.')[-1]} {n:,}" for label, n in rows.items())
                    command.stdout.write(f"{name}: {time.monotonic() - self.since:.1f} s ({written})")

        return Step()
