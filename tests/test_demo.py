from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from registry.models import Office, User, Village
from registry.scoping import Role
from registry.services.areas import areas_load


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_builds_kalasin_and_can_run_again(settings, capsys):
    settings.DEBUG = True
    areas_load()
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("tao_lampao", "cd_mueang", "pcd_kalasin", "admin"):
        assert username in out
    assert "kalasin2569" in out
    assert set(User.objects.values_list("role", flat=True)) == set(Role)
    assert Office.objects.filter(province_id="46", kind="tao").count() == 3
    assert set(Office.objects.values_list("district_id", flat=True).exclude(district=None)) == {"4601", "4607"}
    villages = Village.objects.count()
    assert villages >= 20
    assert not Village.objects.filter(name__startswith="Test").exists()
    tao = User.objects.get(username="tao_lampao")
    assert tao.check_password("kalasin2569") and tao.office.name == "องค์การบริหารส่วนตำบลลำปาว"

    call_command("seed_demo", quiet=True)
    assert Village.objects.count() == villages
    assert User.objects.count() == 6


@pytest.mark.django_db
def test_seed_demo_has_groups_at_every_readiness_level(settings):
    from django.utils import timezone

    from groups.models import Group
    from groups.selectors import Level, with_readiness

    settings.DEBUG = True
    areas_load()
    call_command("seed_demo", quiet=True)
    levels = {name: Level.of(score) for name, score in
              with_readiness(Group.objects.all(), timezone.localdate()).values_list("name", "readiness_score")}
    assert levels["กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์"] == "A"
    assert levels["กลุ่มเพาะเห็ดนางฟ้าบ้านโนนสูง"] == "D"
    assert set(levels.values()) >= {"A", "B", "C", "D"}, levels
    weavers = Group.objects.get(name="กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์")
    assert weavers.years.exists() and weavers.formed_from is not None
    year = weavers.years.get()
    assert sum(d.amount_satang for d in year.dividends.all()) == round(Decimal(year.allocation["dividend_pct"]) * 100)
