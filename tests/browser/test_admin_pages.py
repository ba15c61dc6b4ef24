"""The Thai admin as the system administrator sees it in a browser: its Thai text drawn in our own font, and
the printed sheet of first sign-in codes."""

import math
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 96 / 25.4  # CSS pixels per millimetre


def admin_login(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "kalasin2569")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


@pytest.mark.parametrize("width", [375, 1366])
def test_the_admin_draws_thai_in_sarabun_within_the_screen(live_server, demo, page_at, screenshot, width):
    """A computer without a Thai system font (a fresh Debian desktop, a headless server's browser) drew the
    whole admin as boxes: Django's own font stack has no Thai font. The admin loads Sarabun as the app's pages
    do."""
    page = page_at(width)
    admin_login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/registry/office/onboard/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").strip('"').startswith("Sarabun")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ตั้งค่าจังหวัด')")
    assert page.evaluate("[...document.fonts].some(f => f.family === 'Sarabun' && f.status === 'loaded')")
    screenshot(page, f"admin-onboard-{width}")
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_test_id("admin-readiness-link").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the set-up sentences wrap
    widths = page.evaluate(
        "[...document.querySelectorAll('.province-setup td')].map(td => td.getBoundingClientRect().width)"
    )
    assert widths and min(widths) > 120, widths  # in a readable column, not a letter a line
    screenshot(page, f"admin-index-{width}")


def test_printed_sign_in_slips_show_every_step_four_to_a_page(live_server, demo, page_at):
    """Each slip had a fixed height with its overflow hidden: the third step ("choose your own password") and
    half of the second were cut off the printed slip. Now every step is inside its slip, four slips an A4
    page, even with a long server address in step 1."""
    page = page_at(1366)
    admin_login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/registry/user/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "print_sign_in_codes")
    page.click(".actions button[type=submit]")
    page.wait_for_selector("[data-testid=sign-in-slip]")
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate(
        """() => document.querySelectorAll('.slip ol li:first-child').forEach(li => {
            li.textContent = li.textContent.replace(/https?:\\/\\/[^/]+\\//,
                                                    'https://occupation.kalasin.go.th/'); })"""
    )
    slips = page.evaluate(
        """() => [...document.querySelectorAll('.slip')].map(slip => {
            const box = slip.getBoundingClientRect(), last = slip.querySelector('ol li:last-child');
            return {height: box.height, bottom: box.bottom, last_bottom: last.getBoundingClientRect().bottom,
                    last_text: last.textContent.trim()};
        })"""
    )
    assert len(slips) >= 5
    for slip in slips:
        assert slip["last_bottom"] <= slip["bottom"], slip  # the last step is inside the slip, not cut
        assert slip["height"] <= 64 * MM + 1, slip  # 4 x (64 + 3) mm fit the 273 mm between the A4 margins
    assert re.search("ตั้งรหัสผ่าน", slips[0]["last_text"])
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == math.ceil(len(slips) / 4)
