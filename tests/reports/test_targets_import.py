"""Import of earlier years' target villages (columns โครงการ, ปีงบประมาณ, รหัสหมู่บ้าน): previewed, then
written all or nothing; a broken file shows each bad row's Thai reason and saves nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports.models import FundedSource, FundedVillage
from reports.selectors.targets import Pick, check_picks
from tests.reports.targets_helpers import SAMMACHIP, SECURITY, project, ready_village, target_plan
from tests.scoping import assert_refused

URL = reverse("reports:funded_import")


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["โครงการ", "ปีงบประมาณ", "รหัสหมู่บ้าน"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("earlier.xlsx", buffer.getvalue())


@pytest.fixture
def villages(world):
    project(SAMMACHIP), project(SECURITY)
    return ready_village(1, households=0, experts=None), ready_village(2, households=0, experts=None)


def test_a_good_list_is_previewed_then_saved(client, world, villages):
    one, two = villages
    client.force_login(world.province_a)
    preview = client.post(
        URL,
        {
            "file": xlsx(
                [(SAMMACHIP, 2561, one.code), (SECURITY, "2564", two.code), (SAMMACHIP, 2562, one.code)]
            )
        },
    )
    assert preview.status_code == 200 and not FundedVillage.objects.exists()
    assert 'data-testid="import-preview"' in preview.content.decode()
    done = client.post(URL, {"payload": preview.context["payload"]})
    assert done.status_code == 302
    assert set(FundedVillage.objects.values_list("project__name", "fiscal_year", "village", "source")) == {
        (SAMMACHIP, 2561, one.pk, FundedSource.IMPORTED),
        (SECURITY, 2564, two.pk, FundedSource.IMPORTED),
        (SAMMACHIP, 2562, one.pk, FundedSource.IMPORTED),
    }


def test_the_imported_years_exclude_the_village(client, world, villages):
    _plan, programme = target_plan(world)
    one, _two = villages
    client.force_login(world.province_a)
    preview = client.post(URL, {"file": xlsx([(SAMMACHIP, 2561, one.code)])})
    client.post(URL, {"payload": preview.context["payload"]})
    [check] = check_picks(programme=programme, district=one.district, picks=[Pick(village=one)])
    assert any(SAMMACHIP in r and "2561" in r for r in check.refusals)


def test_a_broken_file_saves_nothing_and_says_why_for_each_row(client, world, villages):
    one, two = villages
    client.force_login(world.province_a)
    response = client.post(
        URL,
        {
            "file": xlsx(
                [
                    (SAMMACHIP, 2561, one.code),  # good
                    (SAMMACHIP, 2561, "99999999"),  # no such village
                    (SAMMACHIP, "ปีก่อน", two.code),  # not a year
                    ("โครงการที่ไม่มี", 2561, two.code),  # unknown project
                    (SAMMACHIP, 2561, one.code),  # the same as row 2
                    (SAMMACHIP, 3100, two.code),  # no Buddhist Era year
                ]
            )
        },
    )
    errors = response.context["errors"]
    assert not FundedVillage.objects.exists() and not response.context["payload"]
    assert len(errors) == 5
    assert [e.split(":")[0] for e in errors] == [f"แถว {n}" for n in (3, 4, 5, 6, 7)], errors
    assert "99999999" in errors[0] and "โครงการที่ไม่มี" in errors[2] and "2" in errors[3]


def test_a_village_of_another_province_is_not_imported(client, world, villages):
    from registry.models import Village

    other = Village.objects.create(sub_district=world.office_b.sub_districts.get(), number=3, name="บ้านแม่ริม")
    client.force_login(world.province_a)
    response = client.post(URL, {"file": xlsx([(SAMMACHIP, 2561, other.code)])})
    assert response.context["errors"] and not FundedVillage.objects.exists()


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01garbage", b"PK\x03\x04broken zip", "ไม่มีหัวตาราง\n".encode()]
)
def test_unreadable_files_are_refused_in_thai(client, world, villages, content):
    client.force_login(world.province_a)
    response = client.post(URL, {"file": SimpleUploadedFile("x.xlsx", content)})
    assert response.status_code == 200 and not FundedVillage.objects.exists()


def test_a_tampered_preview_saves_nothing(client, world, villages):
    client.force_login(world.province_a)
    response = client.post(URL, {"payload": "junk"})
    assert response.status_code == 200 and response.context["errors"] and not FundedVillage.objects.exists()


def test_who_may_import(client, world, villages):
    for name in ("tao_a", "district_a"):
        client.force_login(getattr(world, name))
        assert_refused(client.get(URL))
    for name in ("province_a", "admin"):
        client.force_login(getattr(world, name))
        assert client.get(URL).status_code == 200


def test_the_administrator_corrects_an_imported_row_but_not_an_approved_lists(client, world):
    from django.urls import reverse

    from reports.models import FundedSource, FundedVillage
    from tests.reports.targets_helpers import SAMMACHIP, funded, ready_village

    imported = funded(ready_village(41), SAMMACHIP, 2561)
    approved = funded(ready_village(42), SAMMACHIP, 2564, source=FundedSource.PRODUCT)
    client.force_login(world.admin)
    listing = client.get(reverse("admin:reports_fundedvillage_changelist"), {"q": "4601054"})
    assert listing.status_code == 200 and "บ้านโนนสวรรค์41" in listing.content.decode()
    assert (
        client.post(
            reverse("admin:reports_fundedvillage_delete", args=[approved.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(reverse("admin:reports_fundedvillage_delete", args=[imported.pk]), {"post": "yes"})
    assert list(FundedVillage.objects.all()) == [approved]
