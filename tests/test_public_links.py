"""The public certificate lookup can be found from the site: the login page and every footer link to it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINK = 'href="/certificates/"'


def test_the_login_page_links_to_the_certificate_lookup(client):
    page = client.get(reverse("login")).content.decode()
    assert page.count(LINK) == 2  # the card for trainees and the footer
    assert "ไม่ต้องเข้าสู่ระบบ ค้นหาใบรับรองของท่านด้วยเลขประจำตัวประชาชนและวันเกิด" in page


@pytest.mark.parametrize("name", ["about", "certificate_lookup", "home"])
def test_every_page_footer_links_to_the_certificate_lookup(client, world, name):
    client.force_login(world.tao_a)
    page = client.get(reverse(name)).content.decode()
    footer = page[page.index("<footer") :]
    assert LINK in footer and "ตรวจสอบหรือดาวน์โหลดใบรับรองการฝึกอบรม" in footer


# The grant request's status lookup and the list of approved grants, found the same way.
GRANT_LINKS = {
    'href="/grants/status/"': "ติดตามคำร้องขอรับการสนับสนุน",
    'href="/grants/public/"': "โครงการที่ได้รับการสนับสนุน",
}


def test_the_login_page_leads_a_group_to_its_request_and_the_approved_grants(client):
    page = client.get(reverse("login")).content.decode()
    card = page[page.index('data-testid="grant-public-links"') : page.index("<footer")]
    for link, text in GRANT_LINKS.items():
        assert link in card and text in card
    assert "ใบรับคำร้อง" in card and "เลขทะเบียนกลุ่ม" in card


@pytest.mark.parametrize("name", ["about", "login", "home", "grants:status"])
def test_every_page_footer_links_to_the_grant_pages(client, world, name):
    if name == "home":
        client.force_login(world.tao_a)
    page = client.get(reverse(name)).content.decode()
    footer = page[page.index("<footer") :]
    for link, text in GRANT_LINKS.items():
        assert link in footer and text in footer


def test_the_about_page_lists_what_needs_no_sign_in(client):
    page = client.get(reverse("about")).content.decode()
    services = page[page.index('data-testid="public-services"') : page.index("<footer")]
    assert LINK in services
    for link in GRANT_LINKS:
        assert link in services
