"""The lists a provincial officer opens: people, trainings, groups filtered by readiness level, grant
requests. Each needs the same pinned number of queries at 25 and at 100 rows a page, with a few rows in the
province and with many: a list whose queries grow with its rows (an N+1 in a template, a lookup per row) fails
here. The timings at national scale are tests/benchmarks/bench_lists.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Occupation
from tests.benchmarks.lists_data import Area, add_groups, add_people, add_requests, add_trainings

pytestmark = pytest.mark.django_db

# Each list: its URL, its filters and its queries, pinned. Five or six are the page's frame (session, user,
# office, the navigation's questions, the area filter's choices); the rest are the list's own, stated beside
# each.
LISTS = {
    # the count, the page's keys, the page's rows
    "people": ("registry:person_list", {}, 10),
    # the count, the page's keys, the page's rows with their trainee counts, the year filter's fiscal years
    "trainings": ("training:training_list", {}, 10),
    # the keys of the groups at the level (the score worked out in WHERE, once per group), the page's rows
    "groups": ("groups:group_list", {"level": "B"}, 8),
    # the count, the page's keys, the page's rows with their money
    "grant requests": ("grants:list", {}, 12),
}
FEW, MANY = 5, 120


def page(client, name, per_page):
    url, params, _queries = LISTS[name]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(url), {**params, "per_page": per_page})
    assert response.status_code == 200
    return (
        len(response.context["page_obj"].object_list),
        response.context["page_obj"].paginator.count,
        len(ctx),
    )


def test_each_list_needs_the_same_queries_at_any_page_size_and_any_number_of_rows(client, world, catalogue):
    province = Area(["460101", "460102"], "46")
    occupation = Occupation.objects.get(name="ทำนา")
    client.force_login(world.province_a)
    seen = {}
    for count in (FEW, MANY):
        added = count - province.trainings
        add_people(province, added * 2, first_digit=3)
        add_trainings(province, added, world.tao_a, occupation)
        add_groups(province, added, world.tao_a, occupation, children=True)
        add_requests(province, added, world.tao_a)
        for name in LISTS:
            for per_page in (25, 100):
                seen[(name, count, per_page)] = page(client, name, per_page)
    for name, (_url, _params, queries) in LISTS.items():
        counts = {key[1:]: found[2] for key, found in seen.items() if key[0] == name}
        assert set(counts.values()) == {queries}, (name, counts)
        shown, total, _ = seen[(name, MANY, 100)]
        assert total > 25 and shown == min(total, 100) > seen[(name, MANY, 25)][0] == 25, (name, shown, total)


@pytest.mark.parametrize("per_page, page", [("junk", "junk"), ("7", "-1"), ("9" * 40, "9" * 40), ("๑๐๐", "")])
def test_odd_page_sizes_and_pages_fall_back_to_a_page_of_the_list(client, world, catalogue, per_page, page):
    province = Area(["460101"], "46")
    add_people(province, 30, first_digit=3)
    add_trainings(province, 30, world.tao_a, Occupation.objects.get(name="ทำนา"))
    add_groups(province, 30, world.tao_a, Occupation.objects.get(name="ทำนา"), children=True)
    add_requests(province, 30, world.tao_a)
    client.force_login(world.province_a)
    for name, (url, params, _queries) in LISTS.items():
        response = client.get(reverse(url), {**params, "per_page": per_page, "page": page})
        assert response.status_code == 200, name
        shown = response.context["page_obj"]  # a page out of range is the last one (Paginator.get_page)
        assert shown.paginator.per_page == (100 if per_page == "๑๐๐" else 25), name  # Thai digits are digits
        assert len(shown.object_list) == shown.end_index() - shown.start_index() + 1 > 0, name
