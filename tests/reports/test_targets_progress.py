"""The approved target list shows each village's way through the programme (the provincial guideline's steps
8–10): round 1, the village training, round 2, with the links the district officer follows; read from the
database in a fixed number of queries."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import InstructorTeam
from reports.models import ListStatus, TargetList
from reports.selectors.targets import Pick, programme_progress
from reports.services import assessments as assessment_services
from reports.services import targets as services
from tests.reports.helpers import COMMITTEE, answers, criteria, village_training
from tests.reports.targets_helpers import YEAR, ready_village, target_plan


@pytest.fixture
def approved(world):
    plan, programme = target_plan(world)
    villages = [ready_village(n) for n in (1, 2)]
    services.target_villages_add(
        user=world.district_a,
        programme=programme,
        district=world.district_a.office.district,
        picks=[Pick(village=v) for v in villages],
    )
    target_list = TargetList.objects.get()
    services.target_list_move(user=world.district_a, target_list=target_list, to=ListStatus.SUBMITTED)
    services.target_list_move(user=world.province_a, target_list=target_list, to=ListStatus.APPROVED)
    return world, plan, programme, target_list, villages


def _round(user, village, number, on, passed):
    return assessment_services.assessment_record(
        user=user,
        village=village,
        fiscal_year=YEAR,
        round_number=number,
        assessed_on=on,
        committee=COMMITTEE,
        answers=answers(criteria(), passed),
    )


def test_each_village_shows_where_it_stands(client, approved):
    world, plan, programme, target_list, (done, waiting) = approved
    _round(world.district_a, done, 1, datetime.date(2022, 1, 10), 12)
    training = village_training(done, ends_on=datetime.date(2022, 2, 10))
    _round(world.district_a, done, 2, datetime.date(2022, 3, 10), 18)
    progress = programme_progress(target_list)
    assert (progress[done.pk].first.level, progress[done.pk].training, progress[done.pk].second.level) == (
        "sufficient",
        training,
        "well",
    )
    assert (progress[waiting.pk].first, progress[waiting.pk].training, progress[waiting.pk].second) == (
        None,
        None,
        None,
    )
    assert progress[waiting.pk].team_id == InstructorTeam.objects.get(village=waiting).pk

    client.force_login(world.district_a)
    body = html.unescape(
        client.get(reverse("reports:targets_district", args=[plan.pk, programme.pk, "4601"])).content.decode()
    )
    record = reverse("reports:sufficiency_record", args=[waiting.pk])
    assert f"{record}?year={YEAR}&round=1" in body  # the next step of the waiting village
    assert f"{reverse('training:village_training')}?year={YEAR}&team={progress[waiting.pk].team_id}" in body
    assert reverse("training:detail", args=[training.pk]) in body and "อยู่ดี กินดี" in body
    # the provincial officer reads where each village stands, without the links to record
    client.force_login(world.province_a)
    body = html.unescape(
        client.get(reverse("reports:targets_district", args=[plan.pk, programme.pk, "4601"])).content.decode()
    )
    assert (
        reverse("training:detail", args=[training.pk]) in body and f"{record}?year={YEAR}&round=1" not in body
    )


def test_the_link_chooses_the_villages_team_on_the_training_page(client, approved):
    world, *_rest, villages = approved
    team = InstructorTeam.objects.get(village=villages[1])
    client.force_login(world.district_a)
    form = client.get(reverse("training:village_training"), {"year": YEAR, "team": team.pk}).context["form"]
    assert form["team"].value() == team.pk
    for hostile in ("x", "9" * 40, "-1", "%00"):
        assert client.get(reverse("training:village_training"), {"team": hostile}).status_code == 200


def test_the_progress_costs_the_same_with_more_villages(client, approved):
    world, plan, programme, target_list, _villages = approved
    url = reverse("reports:targets_district", args=[plan.pk, programme.pk, "4601"])
    client.force_login(world.district_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    target_list.status = ListStatus.DRAFT  # add two more villages, then approve again
    target_list.save()
    services.target_villages_add(
        user=world.district_a,
        programme=programme,
        district=target_list.district,
        picks=[Pick(village=ready_village(n)) for n in (7, 8)],
    )
    target_list.status = ListStatus.APPROVED
    target_list.save()
    for village in target_list.villages.all()[:3]:
        _round(world.district_a, village.village, 1, datetime.date(2022, 1, 10), 12)
    assert count() == before
