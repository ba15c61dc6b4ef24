"""Build sufficiency-village assessments with realistic data: a village of office A (Kalasin) or B (Chiang Mai), and
rounds with a chosen number of indicators passed."""

import datetime
import importlib

from kit import thai
from registry.models import Village
from reports.models import CriteriaVersion
from reports.services import assessments as services
from reports.services.assessments import AnswerInput

# A fiscal year already over, so every date in it is in the past.
YEAR = thai.fiscal_year_now() - 1
FIRST_DAY, LAST_DAY = thai.fiscal_year_bounds(YEAR)
ROUND_1_ON = FIRST_DAY + datetime.timedelta(days=40)   # before the village training
ROUND_2_ON = FIRST_DAY + datetime.timedelta(days=200)  # after it
COMMITTEE = "นายสมชาย ใจดี (ผู้ใหญ่บ้าน)\nนางบุญมี ศรีสุข\nนายทองดี พันธ์ดี"


def criteria() -> CriteriaVersion:
    """Version 1 of the criteria (the data migration; a transactional test flushes it, so put it back)."""
    version = CriteriaVersion.objects.filter(number=1).first()
    if version is None:
        from django.apps import apps

        migration = importlib.import_module("reports.migrations.0002_sufficiency_criteria")
        migration.create_version_1(apps, None)
        version = CriteriaVersion.objects.get(number=1)
    return version


def village(world, side="a", number=11, name=None) -> Village:
    office = world.office_a if side == "a" else world.office_b
    return Village.objects.create(sub_district=office.sub_districts.get(), number=number,
                                  name=name or ("บ้านหนองบัว" if side == "a" else "บ้านแม่ริม"))


def answers(version, passed: int, core_failed: int = 0, notes=None) -> list[AnswerInput]:
    """An answer for every indicator: `core_failed` core indicators not passed, and `passed` indicators passed in
    all (core ones first, so that a count of 10 or more passes every core indicator unless told otherwise)."""
    indicators = list(version.indicators.order_by("-core", "number"))
    core = [i for i in indicators if i.core]
    failing = {i.pk for i in core[:core_failed]}
    passing = [i for i in indicators if i.pk not in failing][:passed]
    assert len(passing) == passed, "cannot pass that many with those core indicators failing"
    chosen = {i.pk for i in passing}
    notes = notes or {}
    return [AnswerInput(indicator_id=i.pk, passed=i.pk in chosen, note=notes.get(i.number, ""))
            for i in sorted(indicators, key=lambda i: i.number)]


def record(user, village, *, round_number=1, passed=23, core_failed=0, on=None, year=YEAR, version=None):
    version = version or criteria()
    return services.assessment_record(
        user=user, village=village, fiscal_year=year, round_number=round_number,
        assessed_on=on or (ROUND_1_ON if round_number == 1 else ROUND_2_ON), committee=COMMITTEE,
        answers=answers(version, passed, core_failed))


def post_data(version, passed: int, *, on=ROUND_1_ON, committee=COMMITTEE, core_failed=0) -> dict:
    """The record form's POST for a round with `passed` indicators passed."""
    data = {"assessed_on": f"{on.day:02d}/{on.month:02d}/{thai.be_year(on)}", "committee": committee}
    for answer in answers(version, passed, core_failed):
        data[f"answer_{answer.indicator_id}"] = "1" if answer.passed else "0"
        data[f"note_{answer.indicator_id}"] = ""
    return data
