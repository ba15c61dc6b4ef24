import pytest
from django.core.management import call_command

from registry.models import District, Province, SubDistrict


@pytest.mark.django_db
def test_load_areas_loads_the_whole_country_once(capsys):
    call_command("load_areas")
    assert Province.objects.current().count() == 77
    assert District.objects.current().count() == 928
    assert SubDistrict.objects.current().count() == 7436
    first = capsys.readouterr().out
    assert "Areas loaded." in first

    kalasin = SubDistrict.objects.select_related("district", "province").get(code="460105")
    assert (kalasin.name_th, kalasin.name_en, kalasin.postal_codes) == ("ลำปาว", "Lam Pao", "46000")
    assert (kalasin.district.name_th, kalasin.province.name_th) == ("เมืองกาฬสินธุ์", "กาฬสินธุ์")

    # Abolished codes are kept and marked, with their successors.
    bang_sue = SubDistrict.objects.get(code="100205")
    assert bang_sue.is_abolished and bang_sue.successor_codes == "102901"
    assert SubDistrict.objects.filter(abolished_on__isnull=False).count() > 1000

    before = {m: list(m.objects.order_by("pk").values()) for m in (Province, District, SubDistrict)}
    call_command("load_areas")
    assert "Areas already up to date." in capsys.readouterr().out
    after = {m: list(m.objects.order_by("pk").values()) for m in (Province, District, SubDistrict)}
    assert before == after


@pytest.mark.django_db
def test_load_areas_repairs_a_changed_name(capsys):
    call_command("load_areas")
    SubDistrict.objects.filter(code="460105").update(name_th="แก้ไขผิด")
    capsys.readouterr()
    call_command("load_areas")
    out = capsys.readouterr().out
    assert "subdistrict: 7436 current, 1503 abolished (created 0, updated 1)" in out
    assert SubDistrict.objects.get(code="460105").name_th == "ลำปาว"
