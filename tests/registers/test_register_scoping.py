"""Another TAO's register records never appear in lists, details, exports or searches."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.scoping import assert_refused_for, assert_scoped

pytestmark = pytest.mark.django_db

REGISTERS = [
    ("person", "person"),
    ("household", "household"),
    ("expert", "expert"),
    ("rawmaterial", "material"),
    ("occupation", "occupation"),
    ("wanted", "wanted"),
    ("target", "target"),
]


@pytest.mark.parametrize(("name", "key"), REGISTERS)
def test_detail_is_404_outside_scope(client, world, records, name, key):
    a, b = records["a"][key], records["b"][key]
    assert_scoped(
        client,
        reverse(f"registry:{name}_detail", args=[a.pk]),
        world=world,
        visible_to=["tao_a", "district_a", "province_a", "admin"],
        hidden_from=["tao_a2", "tao_b", "province_b"],
    )
    assert_scoped(
        client,
        reverse(f"registry:{name}_detail", args=[b.pk]),
        world=world,
        visible_to=["tao_b", "province_b", "admin"],
        hidden_from=["tao_a", "district_a", "province_a"],
    )


@pytest.mark.parametrize(("name", "key"), REGISTERS)
def test_edit_and_delete_only_for_the_office(client, world, records, name, key):
    obj = records["a"][key]
    for action in ("update", "delete"):
        url = reverse(f"registry:{name}_{action}", args=[obj.pk])
        assert_scoped(
            client, url, world=world, visible_to=["tao_a", "admin"], hidden_from=["tao_a2", "tao_b"]
        )
        # Readers of the area are told why; other areas still get 404.
        assert_refused_for(client, url, refused_to=["district_a", "province_a"], world=world)


@pytest.mark.parametrize(
    ("name", "marker_a", "marker_b"),
    [
        ("person", "วงศ์สุวรรณ", "ดอยคำ"),
        ("household", "วงศ์สุวรรณ", "ดอยคำ"),
        ("expert", "วงศ์สุวรรณ", "ดอยคำ"),
        ("rawmaterial", "เส้นไหมวงศ์สุวรรณ", "เส้นไหมดอยคำ"),
        ("occupation", "วงศ์สุวรรณ", "ดอยคำ"),
        ("wanted", "วงศ์สุวรรณ", "ดอยคำ"),
        ("target", "บ้านหนองบัว1", "บ้านช้างคลาน"),
    ],
)
def test_lists_exports_and_searches_show_only_the_users_area(
    client, world, records, name, marker_a, marker_b
):
    for user, seen, unseen in (
        (world.tao_a, marker_a, marker_b),
        (world.tao_b, marker_b, marker_a),
        (world.province_a, marker_a, marker_b),
    ):
        client.force_login(user)
        page = client.get(reverse(f"registry:{name}_list")).content.decode()
        assert seen in page and unseen not in page, (user, name)
        searched = client.get(reverse(f"registry:{name}_list"), {"q": unseen[-4:]}).content.decode()
        assert unseen not in searched
        export = client.get(reverse(f"registry:{name}_export"), {"format": "csv"}).content.decode("utf-8-sig")
        assert seen in export and unseen not in export, (user, name, export[:300])


def test_national_id_search_cannot_find_another_offices_person(client, world, records):
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:person_list"), {"q": records["b"]["person"].national_id})
    assert response.status_code == 200
    assert "ดอยคำ" not in response.content.decode()
    assert response.context["table"].paginator.count == 0


def test_xlsx_export_is_a_real_workbook(client, world, records):
    client.force_login(world.tao_a)
    response = client.get(reverse("registry:person_export"), {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล"]
    assert len(rows) == 2 and rows[1][3] == "วงศ์สุวรรณ"
