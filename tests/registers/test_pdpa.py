"""Personal data: masked on screen, shown in full only by a logged action, never in URLs or logs."""

import logging

import pytest
from django.urls import reverse

from registry.models import NationalIdReveal
from tests.scoping import assert_refused_for, assert_scoped

pytestmark = pytest.mark.django_db


def test_lists_show_the_id_masked(client, world, records):
    nid = records["a"]["person"].national_id
    for user in (world.tao_a, world.province_a):
        client.force_login(user)
        page = client.get(reverse("registry:person_list")).content.decode()
        assert f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}" in page
        assert nid not in page and nid[5:10] not in page


def test_detail_page_never_contains_the_full_id(client, world, records):
    person = records["a"]["person"]
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert person.national_id not in page and person.masked_national_id in page
    edit = client.get(reverse("registry:person_update", args=[person.pk])).content.decode()
    assert person.national_id not in edit


def test_show_full_id_needs_a_reason_and_is_logged(client, world, records):
    person = records["a"]["person"]
    url = reverse("registry:person_reveal", args=[person.pk])
    client.force_login(world.tao_a)
    assert client.get(url).status_code == 405  # never by GET: no link, no URL with the number
    no_reason = client.post(url, {"reason": ""}).content.decode()
    assert "โปรดระบุเหตุผล" in no_reason and person.national_id[5:10] not in no_reason
    assert not NationalIdReveal.objects.exists()
    response = client.post(url, {"reason": "ตรวจสอบตัวบุคคลก่อนสมัครอบรม"})
    nid = person.national_id
    assert f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    reveal = NationalIdReveal.objects.get()
    assert (reveal.user, reveal.person, reveal.reason) == (world.tao_a, person, "ตรวจสอบตัวบุคคลก่อนสมัครอบรม")


@pytest.mark.parametrize("user", ["province_a", "district_a", "tao_b", "tao_a2"])
def test_other_roles_and_offices_cannot_show_the_id(client, world, records, user):
    client.force_login(getattr(world, user))
    response = client.post(
        reverse("registry:person_reveal", args=[records["a"]["person"].pk]), {"reason": "อยากรู้"}
    )
    assert response.status_code == 404
    assert not NationalIdReveal.objects.exists()


def test_reveal_log_is_for_admins(client, world, records):
    client.force_login(world.tao_a)
    client.post(reverse("registry:person_reveal", args=[records["a"]["person"].pk]), {"reason": "ตรวจสอบสิทธิ์"})
    assert_scoped(
        client,
        reverse("registry:reveal_log"),
        world=world,
        visible_to=["admin"],
        hidden_from=[],
        contains="ตรวจสอบสิทธิ์",
    )
    assert_refused_for(
        client, reverse("registry:reveal_log"), refused_to=["tao_a", "province_a"], world=world
    )


def test_exports_mask_ids_for_officers_and_log_full_exports(client, world, records):
    nid = records["a"]["person"].national_id
    client.force_login(world.province_a)
    export = client.get(reverse("registry:person_export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert nid not in export and f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}" in export
    assert not NationalIdReveal.objects.exists()
    client.force_login(world.tao_a)
    export = client.get(reverse("registry:person_export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert nid not in export, "an ordinary export is masked for the office too"
    assert not NationalIdReveal.objects.exists()
    export = client.post(reverse("registry:person_export"), {"format": "csv", "reason": "ส่งรายชื่อให้ธนาคาร"})
    assert nid in export.content.decode("utf-8-sig")
    reveal = NationalIdReveal.objects.get()
    assert reveal.person is None and reveal.records == 1 and reveal.user == world.tao_a
    assert reveal.reason.startswith("ส่งรายชื่อให้ธนาคาร")


@pytest.mark.parametrize("name", ["person", "household", "occupation", "wanted", "expert"])
def test_a_full_id_export_asks_for_a_reason_first(client, world, records, name):
    nid = records["a"]["person"].national_id
    url = reverse(f"registry:{name}_export")
    client.force_login(world.tao_a)
    listed = client.get(reverse(f"registry:{name}_list")).content.decode()
    href = listed.split('data-testid="export-full-ids" href="')[1].split('"')[0].replace("&amp;", "&")
    form = client.get(href)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    assert nid not in form.content.decode()
    refused = client.post(url, {"format": "xlsx", "reason": "   "})
    assert refused.status_code == 200 and "โปรดระบุเหตุผลที่ต้องใช้เลขเต็ม" in refused.content.decode()
    assert nid.encode() not in refused.content and not NationalIdReveal.objects.exists()
    given = client.post(url, {"format": "csv", "reason": "ตรวจสอบรายชื่อผู้รับเงินอุดหนุน"})
    assert given["Content-Type"].startswith("text/csv") and nid in given.content.decode("utf-8-sig")
    assert NationalIdReveal.objects.get().records == 1


@pytest.mark.parametrize("user", ["province_a", "district_a"])
def test_only_the_office_may_export_full_ids(client, world, records, user):
    client.force_login(getattr(world, user))
    assert 'data-testid="export-full-ids"' not in client.get(reverse("registry:person_list")).content.decode()
    assert client.get(reverse("registry:person_export"), {"full_ids": "1"}).status_code == 404
    response = client.post(reverse("registry:person_export"), {"format": "csv", "reason": "อยากรู้"})
    assert response.status_code == 404 and not NationalIdReveal.objects.exists()


def test_raw_materials_offer_no_full_id_export(client, world, records):
    client.force_login(world.tao_a)
    assert (
        'data-testid="export-full-ids"'
        not in client.get(reverse("registry:rawmaterial_list")).content.decode()
    )
    assert client.post(reverse("registry:rawmaterial_export"), {"reason": "x"}).status_code == 404


def test_search_by_national_id_is_a_post_and_never_in_the_url(client, world, records):
    person = records["a"]["person"]
    client.force_login(world.tao_a)
    formatted = (
        f"{person.national_id[0]}-{person.national_id[1:5]}-{person.national_id[5:10]}-"
        f"{person.national_id[10:12]}-{person.national_id[12]}"
    )
    response = client.post(reverse("registry:person_list"), {"q": formatted})
    assert response.status_code == 200  # rendered, not redirected to a URL holding the number
    assert response.context["table"].paginator.count == 1
    page = response.content.decode()
    assert person.masked_national_id in page and person.national_id not in page
    by_name = client.post(reverse("registry:person_list"), {"q": "วงศ์สุวรรณ"})
    assert by_name.status_code == 302 and "q=" in by_name["Location"]


def test_national_ids_never_reach_the_log(client, world, records, caplog):
    client.force_login(world.tao_a)
    nid = records["a"]["person"].national_id
    with caplog.at_level(logging.INFO):
        logging.getLogger("django.request").warning("Not Found: /registry/people/?q=%s", nid)
    assert nid not in caplog.text


def test_released_prisoner_status_is_hidden_from_officers(client, world, records):
    household = records["a"]["household"]
    household.released_prisoner, household.prisoner_consent = True, True
    household.prisoner_consent_date = household.created_at.date()
    household.save()
    url = reverse("registry:household_detail", args=[household.pk])
    client.force_login(world.tao_a)
    assert "ผู้พ้นโทษ" in client.get(url).content.decode()
    for officer in (world.province_a, world.district_a):
        client.force_login(officer)
        assert "ผู้พ้นโทษ" not in client.get(url).content.decode()
        listing = client.get(reverse("registry:household_list")).content.decode()
        assert "พ้นโทษ" not in listing
        assert (
            "released_prisoner"
            not in client.get(reverse("registry:household_list")).context["filterset"].form.fields
        )
    export = client.get(reverse("registry:household_export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "พ้นโทษ" not in export


def test_released_prisoner_needs_consent(client, world, records):
    household = records["a"]["household"]
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:household_update", args=[household.pk]),
        {
            "village": household.village_id,
            "house_number": household.house_number,
            "member_count": 4,
            "released_prisoner": "on",
            "tpmap_source": "TPMAP",
            "jpt_source": "จปฐ.",
        },
    )
    assert "ความยินยอม" in response.content.decode()
    household.refresh_from_db()
    assert not household.released_prisoner


def test_a_search_too_long_for_a_url_is_cut_not_refused(client, world, records):
    """Ten thousand characters pasted into the search box: the list opens with the first 200 (a longer URL is
    refused by Django as unsafe, and by browsers)."""
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:person_list"), {"q": "ก" * 10_000})
    assert response.status_code == 302
    assert client.get(response["Location"]).context["q"] == "ก" * 200
