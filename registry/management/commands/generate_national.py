"""National-scale register data for benchmarks (issue 13): villages per sub-district, households and people.

First part only: the areas' villages, households and people. Trainings, groups, grants, plans and assessments
are still to come (see the README's Benchmarks section).
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kit.imports.bulk import fast_insert

# The country's figures at --scale 1.
VILLAGES = 75_000
PEOPLE = 1_000_000
# Generated national IDs start with this digit and the 12-digit serial below (never a real person's number range).
ID_FIRST_DIGIT = 5
ID_BASE = 900_000_000
FIRST = ["สมชาย", "สมหญิง", "บุญมี", "มาลี", "ประยูร", "จันทร์เพ็ญ", "วิชัย", "สุภาพร", "ทองใบ", "อรุณี", "สมพร", "กาญจนา"]
LAST = ["ศรีสุข", "บุญเรือง", "แก้วมณี", "พรหมมา", "ทองดี", "สายสุด", "จันทร์หอม", "ภูผา", "ใจดี", "คำแสน", "พลศรี"]


def national_id(n: int) -> str:
    first12 = f"{ID_FIRST_DIGIT}{ID_BASE + n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


class Command(BaseCommand):
    help = "Generate national-scale villages, households and people for benchmarks (DJANGO_DEBUG=true only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national figures (0 < s <= 1)")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, scale, seed, **options):
        from registry.models import Household, Person, SubDistrict, Village

        if not settings.DEBUG:
            raise CommandError("generate_national runs only with DJANGO_DEBUG=true (it fills the database with fake data).")
        if not 0 < scale <= 1:
            raise CommandError("--scale must be above 0 and at most 1.")
        # Real data is any person or household at all: the generator only ever runs on an empty register.
        if Person.objects.exists() or Household.objects.exists() or Village.objects.exists():
            raise CommandError("The database already has villages, households or people: generate_national refuses.")
        subs = list(SubDistrict.objects.current().order_by("code").values_list("code", "district_id", "province_id"))
        if not subs:
            raise CommandError("No areas: run `manage.py load_areas` first.")
        rnd = random.Random(seed)
        self.started = time.monotonic()
        with transaction.atomic():
            villages = self.villages(rnd, subs, max(1, round(VILLAGES * scale)))
            self.people(rnd, villages, max(1, round(PEOPLE * scale)))
        self.stdout.write(f"done in {time.monotonic() - self.started:.1f} s")

    def step(self, name, count, since):
        self.stdout.write(f"{name}: {count:,} in {time.monotonic() - since:.1f} s")

    def villages(self, rnd, subs, total):
        from registry.models import Village

        since = time.monotonic()
        # About ten villages per sub-district, as in the country (75,000 over some 7,400): a smaller scale takes
        # fewer sub-districts; rounds over them in a shuffled order until the total is reached.
        order = rnd.sample(subs, min(len(subs), max(1, total // 10)))
        objs, per_sub = [], {}
        while len(objs) < total:
            for code, district, province in order:
                number = per_sub.get(code, 0) + 1
                # Uneven: a sub-district is skipped in some rounds, so villages per sub-district vary (1 to 99).
                if number > 99 or len(objs) >= total or (number > 1 and rnd.random() < 0.3):
                    continue
                per_sub[code] = number
                objs.append(Village(sub_district_id=code, number=number, name=f"บ้าน{rnd.choice(LAST)}",
                                    code=Village.make_code(code, number), district_id=district, province_id=province))
        fast_insert(Village, objs)
        self.step("villages", len(objs), since)
        return objs

    def people(self, rnd, villages, total):
        import datetime

        from registry.models import Household, Person

        since = time.monotonic()
        today = datetime.date.today()
        households, members = [], []
        n = 0
        while n < total:
            village = villages[rnd.randrange(len(villages))]
            size = min(rnd.choice([1, 2, 3, 3, 4, 4, 5, 6]), total - n)
            house = f"{len(households) + 1}"
            household = Household(village_id=village.pk, sub_district_id=village.sub_district_id,
                                  district_id=village.district_id, province_id=village.province_id,
                                  house_number=house, member_count=size,
                                  yearly_income=rnd.randrange(20_000, 400_000, 500))
            households.append(household)
            members.append((household, [n + i for i in range(size)]))
            n += size
        fast_insert(Household, households)
        self.step("households", len(households), since)
        since = time.monotonic()
        people = []
        for household, serials in members:
            for serial in serials:
                sex = rnd.choice("mf")
                title = "mr" if sex == "m" else rnd.choice(["mrs", "miss"])
                people.append(Person(
                    village_id=household.village_id, sub_district_id=household.sub_district_id,
                    district_id=household.district_id, province_id=household.province_id, household_id=household.pk,
                    title=title, first_name=rnd.choice(FIRST), last_name=rnd.choice(LAST), national_id=national_id(serial),
                    sex=sex, birth_date=today - datetime.timedelta(days=rnd.randrange(18 * 365, 80 * 365)),
                    house_number=household.house_number))
        fast_insert(Person, people)
        self.step("people", len(people), since)
