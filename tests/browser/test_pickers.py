"""In Chromium: a TAO officer finds a person by typing and saves the record with that person; a provincial
officer narrows the people list by district, then sub-district."""

import pytest

from tests.browser.test_register_import import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 375])
def test_pick_a_person_by_typing_and_save(live_server, demo, page_at, screenshot, width):
    from registry.models import Person, PersonOccupation

    person = Person.objects.filter(sub_district__code="460105").order_by("pk").first()
    page = page_at(width)
    login(page, live_server.url)
    page.goto(f"{live_server.url}/registry/occupations/new/")
    page.locator("#id_person__q").fill(person.first_name)
    choice = page.locator(f"#id_person_{person.pk}")
    choice.wait_for()
    results = page.get_by_test_id("picker-results-person").inner_text()
    assert person.national_id not in results and person.village.name in results
    # Enter in the search box searches; it does not send the form.
    page.locator("#id_person__q").press("Enter")
    assert page.url.endswith("/registry/occupations/new/")
    choice.check()
    page.get_by_label("อาชีพ*").select_option(index=1)
    page.get_by_label("อาชีพหลัก/เสริม*").select_option(index=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"picker-person-{width}")
    page.get_by_role("button", name="บันทึก").last.click()
    page.wait_for_url(f"{live_server.url}/registry/occupations/*/")
    assert PersonOccupation.objects.filter(person=person).exists()


def test_area_steps_narrow_the_people_list(live_server, demo, page_at, screenshot):
    from registry.models import Person

    page = page_at(1366)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("pcd_kalasin")
    page.get_by_label("รหัสผ่าน").fill("kalasin2569")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registry/people/")
    page.locator("#id_district").select_option("4607")
    page.wait_for_url("**/registry/people/?*district=4607*")
    expected = Person.objects.filter(district_id="4607").count()
    page.get_by_test_id("row-count").filter(has_text=f"{expected:,}").wait_for()
    sub = page.locator("#id_sub_district option").nth(1).get_attribute("value")
    assert sub.startswith("4607")
    page.locator("#id_sub_district").select_option(sub)
    page.wait_for_url(f"**sub_district={sub}*")
    page.get_by_test_id("row-count").filter(
        has_text=f"{Person.objects.filter(sub_district_id=sub).count():,}"
    ).wait_for()
    screenshot(page, "area-steps-people-1366")
