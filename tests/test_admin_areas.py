"""The administrator's area choices: every autocomplete names an area with its whole path, an office's
sub-district choices are its province's only, and an office covering another province's sub-district is
refused."""

import pytest
from django.urls import reverse

from tests import areas
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db


def autocomplete(client, model_name, field_name, term="", **forward):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registry",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
            **forward,
        },
    )
    assert response.status_code == 200
    return {row["id"]: row["text"] for row in response.json()["results"]}


def test_a_sub_district_choice_shows_its_whole_path(client, world):
    areas.sub_district("460119")
    client.force_login(world.admin)
    found = autocomplete(client, "office", "sub_districts", "โพนทอง")
    assert found["460119"] == "ต.โพนทอง อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (460119)"


def test_the_same_name_in_two_provinces_is_told_apart(client, world):
    # ต.หนองบัว of Lopburi and of Chai Nat (and many more): the path tells them apart.
    areas.sub_district("160207")
    areas.sub_district("180304")
    client.force_login(world.admin)
    texts = set(autocomplete(client, "office", "sub_districts", "หนองบัว").values())
    assert len(texts) == 2 and all(text.startswith("ต.หนองบัว อ.") for text in texts)


def test_the_province_district_and_village_choices_show_their_path(client, world):
    village = VillageFactory(sub_district=areas.sub_district("460105"), number=3, name="บ้านโนนสะอาด")
    client.force_login(world.admin)
    assert autocomplete(client, "office", "province", "กาฬสินธุ์")["46"] == "จ.กาฬสินธุ์ (46)"
    assert autocomplete(client, "office", "district", "4601")["4601"] == "อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (4601)"
    sub = areas.sub_district("460105")
    assert autocomplete(client, "village", "sub_district", "460105")["460105"] == (
        f"ต.{sub.name_th} อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (460105)"
    )
    text = autocomplete(client, "village", "sub_district", f"ต.{sub.name_th} กาฬสินธุ์")["460105"]
    assert text.startswith(f"ต.{sub.name_th}")  # typed as shown, prefix and province included
    assert village.path_label() == f"หมู่ที่ 3 บ้านโนนสะอาด ต.{sub.name_th} อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (46010503)"


def test_bangkok_is_named_as_bangkok_names_its_areas(world):
    sub = areas.sub_district("100101")
    assert sub.path_label() == "แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร (100101)"


def test_an_office_form_offers_only_its_provinces_sub_districts(client, world):
    areas.sub_district("460119")
    areas.sub_district("500105")
    client.force_login(world.admin)
    everywhere = autocomplete(client, "office", "sub_districts")
    assert {"460119", "500105"} <= set(everywhere)
    kalasin = autocomplete(client, "office", "sub_districts", forward_province="46")
    assert "460119" in kalasin and not any(code.startswith("50") for code in kalasin)
    districts = autocomplete(client, "office", "district", forward_province="50")
    assert districts and all(code.startswith("50") for code in districts)
    # Junk or nothing chosen yet narrows nothing (and is no error).
    for junk in ("", "abc", "99", "4" * 400):
        assert set(autocomplete(client, "office", "sub_districts", forward_province=junk)) == set(everywhere)


def test_the_office_form_asks_the_autocomplete_to_forward_the_province(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("admin:registry_office_change", args=[world.office_a.pk])).content.decode()
    assert 'data-forward="province"' in page and "js/admin_autocomplete_forward.js" in page
    # The chosen sub-district is shown with its path too.
    sub = areas.sub_district(world.SUB_A)
    assert f"ต.{sub.name_th} อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ ({world.SUB_A})" in page


def office_data(province, district, sub_districts):
    return {
        "code": "6469999",
        "name": "อบต.ทดสอบ",
        "kind": "tao",
        "province": province,
        "district": district,
        "sub_districts": sub_districts,
        "is_active": "on",
    }


def test_an_office_covering_a_sub_district_of_another_province_is_refused(client, world):
    from registry.models import Office

    areas.sub_district("500105")
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_office_add"), office_data("46", "4601", [world.SUB_A, "500105"])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "สำนักงานดูแลได้เฉพาะตำบลในจังหวัดของตนเอง (จ.กาฬสินธุ์)" in page
    assert "ต.ช้างคลาน อ.เมืองเชียงใหม่ จ.เชียงใหม่ (500105)" in page
    assert not Office.objects.filter(code="6469999").exists()

    response = client.post(reverse("admin:registry_office_add"), office_data("46", "4601", [world.SUB_A]))
    assert response.status_code == 302
    assert list(Office.objects.get(code="6469999").sub_districts.values_list("pk", flat=True)) == [
        world.SUB_A
    ]
