"""The dashboard (reports/selectors/dashboard.py, reports/views/dashboard.py) on the hand-built province
of test_results.py: the figures per place, the drill-down and who may open each place, the records behind
every count, the months, the plan against the results (and without a plan), the districts' submissions,
hostile input, and a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Plan, PlanStatus, Snapshot
from reports.selectors import dashboard as d
from reports.selectors import figures as f
from reports.selectors import results as r
from tests.reports.results_world import DAY, YEAR, Builder
from tests.scoping import assert_scoped
from training.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_day")]


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, {"year": YEAR, **params})


def _cells(html, testid, place):
    """The texts of one row (data-place) of the table `testid`."""
    table = re.search(rf'data-testid="{testid}".*?</table>', html, re.S).group(0)
    row = re.search(rf'<tr data-place="{place}">(.*?)</tr>', table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_province_page_shows_each_district_and_the_total(client, world, small):
    html = _get(client, world.province_a, reverse("reports:dashboard")).content.decode()
    # target villages, experts, households trained / promoted / higher income, share, rise, groups, grants
    assert _cells(html, "results", "4601") == ["1", "2", "4", "2", "1", "50", "16.67", "3", "2", "3", "2"]
    assert _cells(html, "results", "4602") == ["2", "2", "3", "3", "2", "66.67", "10.33", "1", "1", "1", "1"]
    assert _cells(html, "results", "total") == ["3", "3", "7", "5", "3", "60", "13.5", "4", "3", "4", "3"]
    assert _cells(html, "tao-work", "total") == ["1", "1", "2", "3", "23,000"]
    assert _cells(html, "budget", "total") == ["1,491,600", "48,000", "36,000"]
    assert 'data-testid="plan-progress"' in html and 'data-testid="no-plan"' not in html
    # the drill-down and the records behind a count
    assert f'href="{reverse("reports:dashboard_district", args=["4601"])}?year={YEAR}"' in html
    assert reverse("reports:dashboard_records", args=["district", "4602", "households_promoted"]) in html


# The figures of each place on the hand-built province, in this order (the results and the TAO work tables of
# the province page say the same for the province), then its sufficiency counts by (round, level).
COUNTED = (
    "target_villages_done",
    "experts_taught",
    "households_trained",
    "households_promoted",
    "households_higher_income",
    "groups_formed",
    "groups_registered",
    "grants_approved",
    "grants_paid",
    "tao_trainings",
    "tao_certificates",
    "tao_groups",
    "tao_grants",
)
EXPECTED = {
    "province 46": (
        (3, 3, 7, 5, 3, 4, 3, 4, 3, 1, 1, 2, 3),
        {(1, "none"): 1, (1, "sufficient"): 2, (2, "well"): 2, (2, "prosperous"): 1},
    ),
    "district 4601": (
        (1, 2, 4, 2, 1, 3, 2, 3, 2, 1, 1, 1, 2),
        {(1, "none"): 1, (1, "sufficient"): 1, (2, "well"): 1},
    ),
    # village 1: the village programme's work, no local office's
    "village 1": ((1, 2, 3, 2, 1, 2, 1, 1, 1, 0, 0, 0, 0), {(1, "sufficient"): 1, (2, "well"): 1}),
    # village 3 (not a target village): the TAO's training, group and grants only
    "village 3": ((0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 1, 1, 2), {}),
    # the administrator's whole country: Kalasin and Chiang Mai's TAO training, group and grant
    "country": (
        (3, 3, 7, 5, 3, 5, 4, 5, 4, 2, 2, 3, 4),
        {(1, "none"): 1, (1, "sufficient"): 2, (2, "well"): 2, (2, "prosperous"): 1},
    ),
}


def test_every_count_is_the_known_figure_and_equals_the_records_behind_it(world, small):
    v1, v3 = small["villages"][0], small["villages"][2]
    places = {
        "province 46": (world.province_a, d.find_place(world.province_a, d.PROVINCE, "46")),
        "district 4601": (world.province_a, d.find_place(world.province_a, d.DISTRICT, "4601")),
        "village 1": (world.district_a, d.find_place(world.district_a, d.VILLAGE, v1.pk)),
        "village 3": (world.district_a, d.find_place(world.district_a, d.VILLAGE, v3.pk)),
        "country": (world.admin, d.home_place(world.admin)),
    }
    levels = ("none", "sufficient", "well", "prosperous")
    for name, (user, place) in places.items():
        counted, sufficiency = EXPECTED[name]
        scope = place.scope(user, YEAR)
        figures = r.results(scope)
        values = d.values_of(figures)
        assert tuple(values[key] for key in COUNTED) == counted, name
        assert {k: n for k, n in figures.sufficiency.total.items() if n} == sufficiency, name
        for round_number in (1, 2):
            for level in levels:
                values[f.sufficiency_key(round_number, level)] = sufficiency.get((round_number, level), 0)
        assert set(values) >= set(f.FIGURES)
        for key, figure in f.FIGURES.items():
            assert figure.records(scope).count() == values[key], (name, key)
            for record in figure.records(scope)[:3]:
                row = figure.row(record)
                assert row.title and "1000000000" not in row.national_id  # masked, never the whole ID


def test_each_sufficiency_count_links_to_its_villages(client, world, small):
    html = _get(client, world.province_a, reverse("reports:dashboard")).content.decode()
    table = re.search(r'data-testid="levels".*?</table>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">(\d+)</a>', table)
    assert links and all("/sufficiency_" in href for href, _n in links)
    for href, count in links:
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200 and len(page.context["rows"]) == int(count), href
        assert all("/reports/sufficiency/villages/" in row.url for row in page.context["rows"])


def test_the_records_page_lists_them_with_masked_ids(client, world, small):
    url = reverse("reports:dashboard_records", args=["province", "46", "tao_certificates"])
    response = _get(client, world.province_a, url)
    html = response.content.decode()
    assert response.status_code == 200 and "1 " in html
    assert re.search(r"\d-\d{4}-x{5}-x{2}-\d", html) or "xxxxx" in html
    assert not re.search(r"\b1000000000\d{3}\b", html)


@pytest.mark.parametrize(
    "user, url",
    [
        ("province_a", "reports:dashboard_province|50"),  # another province
        ("district_a", "reports:dashboard_district|4602"),  # a sibling district
        ("district_a", "reports:dashboard_province|46"),  # above the district officer
        ("tao_a", "reports:dashboard_district|4601"),  # above the TAO
        ("province_a", "reports:dashboard_district|9999"),  # unknown
        ("province_a", "reports:dashboard_sub_district|46010x"),
        ("province_a", "reports:dashboard_village|999999"),
        ("province_a", "reports:dashboard_records|district/4601/national_id"),  # an unknown figure
        ("province_a", "reports:dashboard_records|planet/4601/households_trained"),
        ("district_a", "reports:dashboard_records|country/all/households_trained"),  # not their home
    ],
)
def test_places_outside_the_area_or_unknown_are_404(client, world, small, user, url):
    name, args = url.split("|")
    assert _get(client, getattr(world, user), reverse(name, args=args.split("/"))).status_code == 404


def test_each_place_is_seen_by_its_area_only(client, world, small):
    v1 = small["villages"][0]
    assert_scoped(
        client,
        reverse("reports:dashboard_district", args=["4601"]),
        visible_to=["district_a", "province_a", "admin"],
        hidden_from=["tao_a", "tao_b", "province_b"],
        world=world,
    )
    assert_scoped(
        client,
        reverse("reports:dashboard_sub_district", args=[v1.sub_district_id]),
        visible_to=["tao_a", "district_a", "province_a", "admin"],
        hidden_from=["tao_b", "province_b"],
        world=world,
    )
    assert_scoped(
        client,
        reverse("reports:dashboard_village", args=[v1.pk]),
        visible_to=["tao_a", "district_a", "province_a", "admin"],
        hidden_from=["tao_b", "province_b"],
        world=world,
    )


def test_each_user_starts_at_their_own_place(client, world, small):
    homes = {
        "admin": ("country", "46"),
        "province_a": ("province", "4601"),
        "district_a": ("district", "460105"),
        "tao_a": ("office", str(small["villages"][0].pk)),
    }
    for name, (level, first_row) in homes.items():
        place = d.home_place(getattr(world, name))
        assert place.level == level
        html = _get(client, getattr(world, name), reverse("reports:dashboard")).content.decode()
        assert f'data-place="{first_row}"' in html, name
    # the country: Chiang Mai's results beside Kalasin's
    html = _get(client, world.admin, reverse("reports:dashboard")).content.decode()
    assert _cells(html, "tao-work", "50")[:2] == ["1", "1"]
    table = re.search(r'data-testid="results".*?</table>', html, re.S).group(0)
    states = dict(
        re.findall(r'<tr data-place="(\d+)">.*?data-testid="plan-state">[^:]*: ([^<]+)<', table, re.S)
    )
    assert states["46"] == str(PlanStatus.PUBLISHED.label) and states["50"] == "ไม่มีแผน"


def test_breadcrumbs_from_the_users_home(world, small):
    v1 = small["villages"][0]
    names = lambda user: [p.level for p in d.trail(user, d.find_place(user, d.VILLAGE, v1.pk))]  # noqa: E731
    assert names(world.province_a) == ["province", "district", "sub_district"]
    assert names(world.district_a) == ["district", "sub_district"]
    assert names(world.tao_a) == ["office"]
    assert names(world.admin) == ["country", "province", "district", "sub_district"]


def test_sorting_by_a_column_and_junk_parameters(client, world, small):
    html = _get(
        client, world.province_a, reverse("reports:dashboard"), sort="households_promoted", dir="desc"
    ).content.decode()
    table = re.search(r'data-testid="results".*?</table>', html, re.S).group(0)
    assert re.findall(r'<tr data-place="(\d+)">', table)[:2] == ["4602", "4601"]
    for junk in (
        {"year": "x" * 5000},
        {"year": "-1"},
        {"programme": "'; drop"},
        {"sort": "__class__"},
        {"dir": "sideways"},
        {"measure": "../../etc"},
        {"quarter": "99"},
    ):
        assert _get(client, world.province_a, reverse("reports:dashboard"), **junk).status_code == 200
    assert _get(client, world.province_a, reverse("reports:dashboard"), year="2565\x00").status_code == 400


def test_one_programme_keeps_its_indicators_and_budget(world, small):
    place = d.home_place(world.province_a)
    whole = d.dashboard(user=world.province_a, place=place, fiscal_year=YEAR, today=DAY)
    first = d.dashboard(user=world.province_a, place=place, fiscal_year=YEAR, today=DAY, programme="1")
    assert first.programme.number == 1
    assert {p.indicator.programme.number for p in first.progress} == {1}
    assert len(first.progress) < len(whole.progress)
    assert first.budget.planned.total < whole.budget.planned.total


def test_without_a_published_plan_the_page_says_so_and_shows_the_results(client, world, small):
    Plan.objects.filter(pk=small["plan"].pk).update(status=PlanStatus.DRAFT)
    html = _get(client, world.province_a, reverse("reports:dashboard")).content.decode()
    assert 'data-testid="no-plan"' in html and 'data-testid="plan-progress"' not in html
    # the village programme needs a published plan's target villages; the rest is live all the same
    assert _cells(html, "results", "total")[7] == "4" and _cells(html, "tao-work", "total")[0] == "1"
    Plan.objects.filter(pk=small["plan"].pk).delete()
    html = _get(client, world.province_a, reverse("reports:dashboard"), year=YEAR).content.decode()
    assert 'data-testid="no-plan"' in html and _cells(html, "tao-work", "total")[0] == "1"


def test_months_add_up_to_the_live_figure(world, small):
    scope = d.home_place(world.province_a).scope(world.province_a, YEAR)
    figures = r.results(scope)
    year_end = datetime.date(2022, 9, 30)
    for measure in d.CHART_MEASURES:
        months = d.monthly(scope, measure, year_end)
        assert months == sorted(months)
        assert months[-1] == figures.measure(measure), measure
        assert len([m for m in d.monthly(scope, measure, DAY) if m is not None]) == 4  # October to January
    # the follow-ups were visited in April: none counted before it
    assert d.monthly(scope, "households_higher_income", year_end)[5:7] == [0, 3]
    # the trainings ended in January: nothing before it
    assert d.monthly(scope, "target_villages_done", DAY)[:3] == [0, 0, 0]


def test_months_per_area_are_each_areas_own_months(world, small):
    """monthly_by_area (one grouped query: the exports' district charts) gives each district what monthly
    gives the district alone."""
    scope = d.home_place(world.province_a).scope(world.province_a, YEAR)
    year_end = datetime.date(2022, 9, 30)
    for measure in d.CHART_MEASURES:
        by_area = d.monthly_by_area(scope, measure, year_end)
        for district in ("4601", "4602"):
            alone = d.monthly(r.Scope(world.province_a, YEAR, district=district), measure, year_end)
            assert by_area.get(district, [0] * 12) == alone, (measure, district)
        assert any(by_area.values()), measure


def test_the_chart_has_the_plan_line_and_its_numbers(client, world, small):
    board = d.dashboard(
        user=world.province_a,
        place=d.home_place(world.province_a),
        fiscal_year=YEAR,
        today=DAY,
        measure="households_promoted",
    )
    assert board.chart.measure == "households_promoted" and board.chart.target is not None
    assert board.chart.months[-1].planned == board.chart.target
    html = _get(client, world.province_a, reverse("reports:dashboard"), measure="households_promoted").content
    assert b'data-testid="chart-progress"' in html


def test_submission_state_and_how_far_the_live_figures_moved(client, world, small):
    from reports.selectors.submissions import live_figures
    from reports.services.submissions import submission_submit

    district = world.district_a.office.district
    figures = live_figures(world.district_a, district, YEAR)
    submission_submit(user=world.district_a, district=district, fiscal_year=YEAR, quarter=0, figures=figures)
    html = _get(client, world.province_a, reverse("reports:dashboard")).content.decode()
    assert "ไม่มีการเปลี่ยนแปลง" in _cells(html, "submissions", "4601")[2] or _cells(html, "submissions", "4601")[
        2
    ] in ("no change",)
    # a household is promoted after the submission: the dashboard says by how much
    plan = small["plan"]
    b = Builder(world.admin, plan)
    training = (
        r.village_trainings(r.Scope(world.admin, YEAR, district="4601")).filter(step=Step.EVALUATE).first()
    )
    b.trainee(training, b.household(training.village))
    Snapshot.objects.all().delete()  # the builder writes directly, not through a request (test_snapshots.py)
    changes = _cells(
        _get(client, world.province_a, reverse("reports:dashboard")).content.decode(), "submissions", "4601"
    )[2]
    assert "2 → 3 (+1)" in changes


@override_settings(
    REPORTS_SNAPSHOTS=False
)  # the live computation's count (the stored figures: test_snapshots.py)
def test_the_query_count_does_not_grow_with_the_districts(world, small, django_assert_max_num_queries):
    place = d.home_place(world.province_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            d.dashboard(user=world.province_a, place=place, fiscal_year=YEAR, today=DAY)
        return len(queries)

    before = count()
    b = Builder(world.admin, small["plan"])
    from registry.models import District, SubDistrict
    from tests.factories import district_office

    for code in ("4603", "4604", "4605"):
        District.objects.get_or_create(code=code, defaults={"name_th": f"อำเภอ {code}", "province_id": "46"})
        sub = SubDistrict.objects.get_or_create(
            code=f"{code}01", defaults={"name_th": f"ตำบล {code}", "district_id": code, "province_id": "46"}
        )[0]
        village = b.village(sub, 9)
        training = b.training(district_office(code), village, Step.FOLLOW_UP)
        b.trainee(training, b.household(village))
        b.group(district_office(code), village, formed_from=training, registered=True)
    assert count() == before


def test_the_home_page_leads_to_the_dashboard(client, world, small):
    for name in ("province_a", "district_a", "tao_a", "admin"):
        client.force_login(getattr(world, name))
        html = client.get(reverse("home")).content.decode()
        assert 'data-testid="home-results"' in html and reverse("reports:dashboard") in html, name
    client.force_login(world.province_a)
    assert "ประกาศใช้แล้ว" in client.get(reverse("home")).content.decode()


def test_the_export_buttons_carry_what_the_user_sees(client, world, small):
    from reports.models import Export

    url = reverse("reports:dashboard_district", args=["4601"])
    html = _get(
        client, world.province_a, url, sort="households_promoted", dir="desc", programme="1"
    ).content.decode()
    form = re.search(r'data-testid="export-form">(.*?)</form>', html, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert (
        fields["level"],
        fields["key"],
        fields["year"],
        fields["sort"],
        fields["dir"],
        fields["programme"],
    ) == ("district", "4601", str(YEAR), "households_promoted", "desc", "1")
    response = client.post(reverse("reports:dashboard_export"), {**fields, "kind": "xlsx"})
    export = Export.objects.get(user=world.province_a)
    assert response.status_code == 302 and response["Location"] == reverse("reports:export", args=[export.pk])
    assert (export.level, export.key, export.fiscal_year, export.sort, export.descending) == (
        "district",
        "4601",
        YEAR,
        "households_promoted",
        True,
    )
