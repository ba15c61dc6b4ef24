"""Every register list: a full national ID in the search box, and the links of an unfiltered list."""

import datetime
import html
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import (
    Expert,
    Household,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    WantedOccupation,
)
from registry.registers.declarations import REGISTERS
from tests.registers.helpers import make_person

pytestmark = pytest.mark.django_db

NAMES = [r.name for r in REGISTERS]
# Rows the full ID of records["a"]["person"] finds in each register (None: not about people).
FOUND_BY_ID = {
    "person": 1,
    "household": 1,
    "target": 1,
    "occupation": 1,
    "wanted": 1,
    "rawmaterial": None,
    "expert": 1,
}


def as_typed(nid):
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


def test_every_register_is_covered():
    assert sorted(FOUND_BY_ID) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_full_national_id_finds_that_persons_records(client, world, records, name):
    client.force_login(world.tao_a)
    url = reverse(f"registry:{name}_list")
    nid = records["a"]["person"].national_id
    response = client.post(url, {"q": as_typed(nid)})
    assert response.status_code == 200
    page = response.content.decode()
    assert nid not in page
    expected = FOUND_BY_ID[name]
    if expected is None:
        assert response.context["table"].paginator.count == 0
        assert 'data-testid="national-id-not-applicable"' in page and "ไม่ได้บันทึกตามบุคคล" in page
    else:
        assert response.context["table"].paginator.count == expected
        assert "national-id-not-applicable" not in page
    # Another office's person is not found, and nobody is found by a number no one has.
    other = client.post(url, {"q": records["b"]["person"].national_id})
    assert other.status_code == 200 and other.context["table"].paginator.count == 0


def test_households_are_found_by_a_member_who_is_not_the_head(client, world, records, villages):
    household = records["a"]["household"]
    member = make_person(villages["a1"], 9, first_name="สมศรี", household=household)
    client.force_login(world.tao_a)
    for name in ("household", "target"):
        response = client.post(reverse(f"registry:{name}_list"), {"q": member.national_id})
        assert response.status_code == 200
        assert [obj.pk for obj, _cells in response.context["table"].rows] == [
            household.pk if name == "household" else records["a"]["target"].pk
        ]


# --- the links of an unfiltered list ------------------------------------------------------------------------

ROWS = 30  # more than one page of 25


@pytest.fixture
def many(world, villages, catalogue):
    """ROWS records in every register, in office A's area, with distinct names, numbers and sizes."""
    village = villages["a1"]
    occupations = list(catalogue.values())
    for n in range(1, ROWS + 1):
        person = make_person(
            village, 100 + n, first_name=f"ชื่อ{n:02d}", birth_date=datetime.date(1950 + n, 1, 1)
        )
        household = Household.objects.create(
            village=village,
            house_number=str(100 + n),
            head=person,
            member_count=1 + n % 7,
            yearly_income=Decimal(1000 * n),
        )
        TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=2560 + n % 10,
            criterion="tpmap",
            forum_date=datetime.date(2025, 11, 1),
        )
        PersonOccupation.objects.create(
            person=person,
            occupation=occupations[n % len(occupations)],
            kind="main",
            yearly_income=Decimal(500 * n),
        )
        WantedOccupation.objects.create(
            person=person, occupation=occupations[n % len(occupations)], priority=1 + n % 3
        )
        RawMaterial.objects.create(
            village=village,
            name=f"วัตถุดิบ{n:02d}",
            category="animal",
            quantity=Decimal(n),
            unit="กก.",
            months=1,
            price_per_unit=Decimal(n),
        )
        Expert.objects.create(person=person, years_experience=n)


def links(page, pattern):
    return [html.unescape(h) for h in re.findall(pattern, page)]


def rows_of(response):
    return [obj.pk for obj, _cells in response.context["table"].rows]


@pytest.mark.parametrize("name", NAMES)
def test_the_links_of_an_unfiltered_list_do_what_they_say(client, world, many, name):
    client.force_login(world.tao_a)
    url = reverse(f"registry:{name}_list")
    first = client.get(url)
    page = first.content.decode()
    assert "??" not in page

    # Pager: "next" leads to page 2, which holds other rows.
    next_href = links(page, r'<a class="page-link" href="([^"]*)">ถัดไป</a>')
    assert len(next_href) == 1
    second = client.get(urljoin(url, next_href[0]))
    assert second.context["page_obj"].number == 2
    assert set(rows_of(second)).isdisjoint(rows_of(first))

    # Sort headers: each sorts by its column, and its link then sorts the other way.
    thead = page.split("<thead>")[1].split("</thead>")[0]
    sort_hrefs = links(thead, r'<a href="([^"]*)">')
    assert sort_hrefs
    for href in sort_hrefs:
        sorted_page = client.get(urljoin(url, href))
        key = sorted_page.context["table"].sort
        assert key and f"sort={key}" in href
        reverse_href = links(
            sorted_page.content.decode().split("</thead>")[0], r'<a href="([^"]*sort=-' + key + '[^"]*)">'
        )
        reversed_page = client.get(urljoin(url, reverse_href[0]))
        assert reversed_page.context["table"].sort == f"-{key}"

    # Page size: "50" shows every row.
    size_href = links(page, r'<a href="([^"]*)">50</a>')
    assert len(size_href) == 1
    bigger = client.get(urljoin(url, size_href[0]))
    assert bigger.context["per_page"] == 50 and len(rows_of(bigger)) == ROWS

    # Export buttons: CSV is CSV, Excel is xlsx, each with every row.
    csv_href = links(page, r'href="([^"]*)">CSV</a>')[0]
    csv = client.get(urljoin(url, csv_href))
    assert csv["Content-Type"].startswith("text/csv") and csv["Content-Disposition"].endswith('.csv"')
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == ROWS + 1
    xlsx_href = links(page, r'href="([^"]*)"><i class="bi bi-download"></i> Excel</a>')[0]
    xlsx = client.get(urljoin(url, xlsx_href))
    assert xlsx.content.startswith(b"PK")
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets[0].max_row == ROWS + 1


def test_sorting_changes_the_order(client, world, many):
    client.force_login(world.tao_a)
    url = reverse("registry:person_list")
    page = client.get(url).content.decode()
    href = links(page, r'<a href="([^"]*)">ชื่อ-นามสกุล</a>')[0]
    ascending = client.get(urljoin(url, href))
    names = [str(obj) for obj, _cells in ascending.context["table"].rows]
    assert names == sorted(names)
    descending = client.get(
        urljoin(url, links(ascending.content.decode(), r'<a href="([^"]*)">ชื่อ-นามสกุล ▲</a>')[0])
    )
    assert [str(obj) for obj, _cells in descending.context["table"].rows][0] == "นางชื่อ30 ศรีสุข"


def test_no_template_puts_a_question_mark_before_querystring():
    """{% querystring %} writes its own "?"; one more makes "??page=2", which the browser reads as key
    "?page"."""
    offenders = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*.html"):
            if re.search(r"\?\{%\s*querystring", path.read_text(encoding="utf-8")):
                offenders.append(str(path))
    assert not offenders
