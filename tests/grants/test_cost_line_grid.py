"""The request's cost lines without JavaScript: "add a line" and a line's "remove" send the form, which comes
back with one line more or less, what was typed kept, nothing saved and nothing marked wrong; "Save" saves."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import translation

from tests.grants.helpers import grant_world, make_request, refresh, today


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


def _be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def _typed(request, lines):
    """The edit form as a browser sends it: the plan changed, and `lines` [(item, quantity, unit, price)]."""
    data = {
        "fiscal_year": str(request.fiscal_year),
        "title": "ชื่อที่พิมพ์ใหม่ยังไม่บันทึก",
        "purposes": ["output"],
        "support_kinds": ["materials"],
        "activities": "ทอผ้า",
        "starts_on": _be(today()),
        "ends_on": _be(today() + datetime.timedelta(days=90)),
        "expected_results": "ผ้า 30 ผืน",
        "amount_requested": "20,000",
        "cost-TOTAL_FORMS": str(len(lines)),
        "cost-INITIAL_FORMS": "2",
        "cost-MIN_NUM_FORMS": "0",
        "cost-MAX_NUM_FORMS": "100",
    }
    for index, (item, quantity, unit, price) in enumerate(lines):
        data |= {
            f"cost-{index}-item": item,
            f"cost-{index}-quantity": quantity,
            f"cost-{index}-unit": unit,
            f"cost-{index}-unit_price": price,
            f"cost-{index}-kind": "material",
        }
    return data


def _rows(response) -> list[str]:
    """The item typed in each line of the grid, in order ("" for an empty line)."""
    body = html.unescape(response.content.decode())
    grid = body.split('data-testid="cost-lines"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in grid.split("<tr data-line>")[1:]:
        field = row.split('name="cost-', 1)[1].split(">", 1)[0]
        rows.append(field.split('value="', 1)[1].split('"', 1)[0] if 'value="' in field else "")
    return rows


LINES = [
    ("เส้นไหม", "20", "กก.", "850"),
    ("สีย้อม", "10", "ชุด", "300"),
    ("กระสวย", "", "", ""),  # half typed: not yet a line the service would take, and not marked either
]


def test_add_a_line_comes_back_with_one_more_empty_line_and_saves_nothing(client, gw):
    request = make_request(gw)
    before = list(refresh(request).cost_lines.values_list("item", flat=True))
    client.force_login(gw.staff)
    response = client.post(
        reverse("grants:edit", args=[request.pk]), _typed(request, LINES) | {"cost-add_line": "1"}
    )
    assert response.status_code == 200
    assert _rows(response) == ["เส้นไหม", "สีย้อม", "กระสวย", ""]
    body = html.unescape(response.content.decode())
    assert 'name="cost-TOTAL_FORMS" value="4"' in body
    assert "ชื่อที่พิมพ์ใหม่ยังไม่บันทึก" in body  # the plan as typed, too
    assert "invalid-feedback" not in body and "is-invalid" not in body  # nothing marked while still typing
    assert "17,000.00" in body and "20,000.00" in body  # the line's amount and the total as typed
    assert refresh(request).title != "ชื่อที่พิมพ์ใหม่ยังไม่บันทึก"
    assert list(refresh(request).cost_lines.values_list("item", flat=True)) == before


def test_remove_a_line_moves_the_lines_below_up_and_saves_nothing(client, gw):
    request = make_request(gw)
    client.force_login(gw.staff)
    response = client.post(
        reverse("grants:edit", args=[request.pk]), _typed(request, LINES) | {"cost-remove_line": "0"}
    )
    assert response.status_code == 200
    assert _rows(response) == ["สีย้อม", "กระสวย"]
    body = html.unescape(response.content.decode())
    assert 'name="cost-TOTAL_FORMS" value="2"' in body and 'name="cost-INITIAL_FORMS" value="1"' in body
    assert 'name="cost-0-unit_price" value="300"' in body
    assert refresh(request).cost_lines.count() == 2


def test_a_fourth_line_is_saved_in_one_edit(client, gw):
    """Add a line, type it, save: four lines, without a save and a second edit in between."""
    request = make_request(gw, amount="24000")
    client.force_login(gw.staff)
    lines = [*LINES[:2], ("กี่ไม้", "1", "หลัง", "3,000"), ("ด้ายยืน", "2", "ม้วน", "500")]
    url = reverse("grants:edit", args=[request.pk])
    client.post(url, _typed(request, lines[:3]) | {"cost-add_line": "1"})
    response = client.post(url, _typed(request, lines) | {"amount_requested": "24,000"})
    assert response.status_code == 302
    assert sorted(refresh(request).cost_lines.values_list("item", flat=True)) == sorted(i for i, *_ in lines)


def test_a_line_typed_again_after_removing_it_is_still_saved(client, gw):
    """The lines once moved are not compared with the saved ones: the last saved line, removed and typed again
    in an added line, is a line."""
    request = make_request(gw)
    client.force_login(gw.staff)
    saved = list(
        refresh(request).cost_lines.order_by("pk").values_list("item", "quantity", "unit", "unit_price")
    )
    lines = [(item, str(quantity), unit, str(price)) for item, quantity, unit, price in saved]
    data = _typed(request, lines) | {"cost-TOTAL_FORMS": "3", "cost-INITIAL_FORMS": "1"}
    data |= {"cost-2-item": "", "cost-2-kind": "material"}
    response = client.post(reverse("grants:edit", args=[request.pk]), data)
    assert response.status_code == 302
    assert refresh(request).cost_lines.count() == 2


@pytest.mark.parametrize(
    "extra",
    [
        {"cost-remove_line": "99"},
        {"cost-remove_line": "-1"},
        {"cost-remove_line": "x"},
        {"cost-remove_line": "9" * 40},
        {"cost-add_line": "1", "cost-TOTAL_FORMS": "1000000"},
        {"cost-add_line": "1", "cost-TOTAL_FORMS": "abc"},
    ],
)
def test_odd_grid_buttons_never_break_the_page_nor_save(client, gw, extra):
    request = make_request(gw)
    client.force_login(gw.staff)
    response = client.post(reverse("grants:edit", args=[request.pk]), _typed(request, LINES) | extra)
    assert response.status_code == 200
    assert len(_rows(response)) <= 100
    assert refresh(request).title != "ชื่อที่พิมพ์ใหม่ยังไม่บันทึก"


def test_the_grid_has_its_buttons_and_enter_saves(client, gw):
    request = make_request(gw)
    client.force_login(gw.staff)
    response = client.get(reverse("grants:edit", args=[request.pk]))
    body = html.unescape(response.content.decode())
    assert len(_rows(response)) == 5  # the two lines and three empty ones
    grid = body.split('data-testid="cost-lines"', 1)[1].split("</table>", 1)[0]
    assert 'name="cost-add_line"' in body and grid.count('name="cost-remove_line"') == 5
    assert "เพิ่มรายการ" in body and "ลบรายการที่" in body
    # the first submit button of the form (the one Enter presses) saves: no line's name or value
    form = body.split('<form method="post" novalidate>', 1)[1]
    first = form.split("<button", 1)[1].split(">", 1)[0]
    assert 'type="submit"' in first and "name=" not in first
    assert 'src="/static/js/cost_lines.js"' in body and "<template data-line-template>" in body
