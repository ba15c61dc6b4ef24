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
