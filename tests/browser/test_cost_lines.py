"""In Chromium, a draft request's cost lines: "add a line" and a line's "remove" work in place (no page load),
each line's amount and the total follow what is typed, and one save keeps every line. Screenshots at a desktop
and a phone width (var/screenshots/)."""

from decimal import Decimal

import pytest

from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rows(page):
    return page.locator("table[data-cost-lines] tbody tr[data-line]")


@pytest.mark.parametrize("width", [1366, 375])
def test_lines_are_added_and_removed_in_place_and_the_total_follows(
    live_server, demo, page_at, screenshot, width
):
    from grants.models import GrantRequest, Status
    from registry.models import User

    officer = User.objects.get(username="tao_lampao")
    draft = GrantRequest.objects.for_user(officer).filter(status=Status.DRAFT).order_by("pk").first()
    saved = list(draft.cost_lines.order_by("pk").values_list("item", flat=True))
    page = page_at(width)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, live_server.url, "tao_lampao")
    page.goto(f"{live_server.url}/grants/{draft.pk}/edit/")
    page.evaluate("window.stayedOnThePage = true")
    before = rows(page).count()
    total_before = Decimal(page.locator("[data-cost-total]").inner_text().replace(",", ""))

    page.get_by_role("button", name="เพิ่มรายการ").click()
    assert rows(page).count() == before + 1
    new = rows(page).nth(before)
    assert (
        page.evaluate("document.activeElement.name") == f"cost-{before}-item"
    )  # typing starts in the new line
    new.locator("input[name$='-item']").fill("ถุงสุญญากาศบรรจุปลาส้ม")
    new.locator("input[name$='-quantity']").fill("๓")  # Thai digits and grouping, as offices type them
    new.locator("input[name$='-unit']").fill("แพ็ก")
    new.locator("input[name$='-unit_price']").fill("1,250.50")
    assert new.locator("[data-line-amount]").inner_text() == "3,751.50"
    shown_total = page.locator("[data-cost-total]").inner_text()
    assert shown_total == f"{total_before + Decimal('3751.50'):,.2f}"
    screenshot(page, f"cost-lines-added-{width}")

    # Remove the first line: the lines below move up and are named by their new place.
    first_item = rows(page).first.locator("input[name$='-item']").input_value()
    second_item = rows(page).nth(1).locator("input[name$='-item']").input_value()
    rows(page).first.get_by_role("button", name="ลบรายการที่ 1").click()
    assert rows(page).count() == before
    assert page.locator("input[name='cost-0-item']").input_value() == second_item
    assert page.locator(f"input[name='cost-{before - 1}-item']").input_value() == "ถุงสุญญากาศบรรจุปลาส้ม"
    assert page.locator("input[name='cost-TOTAL_FORMS']").input_value() == str(before)
    assert page.evaluate("window.stayedOnThePage") is True  # no request was sent for either button
    screenshot(page, f"cost-lines-removed-{width}")

    page.get_by_role("button", name="บันทึก", exact=True).last.click()
    page.wait_for_url(f"{live_server.url}/grants/{draft.pk}/")
    items = sorted(draft.cost_lines.values_list("item", flat=True))
    assert items == sorted([*(i for i in saved if i != first_item), "ถุงสุญญากาศบรรจุปลาส้ม"])
    assert draft.cost_lines.get(item="ถุงสุญญากาศบรรจุปลาส้ม").quantity == Decimal(3)
    assert not csp, csp
