"""In Chromium, the group's ledger form: whether money came in or went out is chosen first (nothing chosen for
the user), then only that kind's categories are offered; savings ask for the member instead of a category. The
list shows the money held after each line. Screenshots at a desktop and a phone width (var/screenshots/)."""

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_group_flow import open_details
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์"


def shoot(page, name):
    """The ledger's card alone (the group's page is long)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#ledger").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def offered(page) -> list[str]:
    return page.locator("#ledger select[name=category] option").evaluate_all("os => os.map(o => o.value)")


@pytest.mark.parametrize("width", [1366, 375])
def test_the_categories_follow_the_kind(live_server, demo, page_at, width):
    from groups.models import EXPENSE_CATEGORIES, INCOME_CATEGORIES, Group

    group = Group.objects.get(name=GROUP)
    page = page_at(width)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, live_server.url, "tao_lampao")
    page.goto(f"{live_server.url}/groups/{group.pk}/#ledger")
    open_details(page, "ledger", "เพิ่มรายการ")
    kind = page.locator("#ledger select[name=kind]")
    assert kind.input_value() == ""  # nothing chosen for the user
    assert page.locator("#ledger select[name=membership]").is_hidden()

    kind.select_option("expense")
    assert offered(page) == ["", *EXPENSE_CATEGORIES]
    page.locator("#ledger select[name=category]").select_option("materials")
    shoot(page, f"ledger-form-expense-{width}")

    kind.select_option("income")  # a category of the other kind is not kept
    assert offered(page) == ["", *INCOME_CATEGORIES]
    assert page.locator("#ledger select[name=category]").input_value() == ""

    kind.select_option("saving")
    assert page.locator("#ledger select[name=category]").is_hidden()
    assert page.locator("#ledger select[name=membership]").is_visible()
    shoot(page, f"ledger-form-saving-{width}")

    # The hidden category does not stop the form: the member's savings are saved.
    before = group.ledger.count()
    member = group.memberships.order_by("pk").first()
    page.locator("#ledger select[name=membership]").select_option(str(member.pk))
    page.locator("#ledger input[name=amount]").fill("150")
    page.locator("#ledger input[name=description]").fill("ฝากเงินออมประจำเดือน")
    page.get_by_role("button", name="บันทึกรายการ").click()
    page.wait_for_load_state()
    assert group.ledger.count() == before + 1
    assert group.ledger.order_by("-pk").first().category == "member"

    balances = page.get_by_test_id("balance").all_inner_texts()
    if width >= 576:  # on a phone the balance is under each amount
        assert balances and all(b.replace(",", "").replace(".", "").lstrip("-").isdigit() for b in balances)
    assert not csp, csp
