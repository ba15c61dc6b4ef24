import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url, username, password="kalasin2569"):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


@pytest.mark.parametrize("width", [375, 1366])
def test_demo_tao_user_logs_in_to_the_thai_home_page(live_server, demo, page_at, screenshot, width):
    page = page_at(width)
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, f"login-{width}")
    login(page, live_server.url, "tao_lampao")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="สวัสดี คุณสุดารัตน์ ศรีบุญเรือง").is_visible()
    assert "องค์การบริหารส่วนตำบลลำปาว" in page.content()
    assert page.get_by_test_id("village-count").inner_text() == "10"
    # Thai font loaded from our own static files, and nothing wider than the screen.
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"home-tao-{width}")

    if width < 992:
        page.get_by_role("button", name="เมนู").click()
    page.get_by_role("button", name="ทะเบียน").or_(page.get_by_role("link", name="ทะเบียน")).first.click()
    page.get_by_role("link", name="หมู่บ้าน", exact=True).click()
    page.wait_for_url("**/registry/villages/")
    assert page.get_by_role("cell", name="บ้านดอนสวรรค์").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"villages-{width}")


def test_wrong_password_gets_a_thai_message(live_server, demo, page_at, screenshot):
    page = page_at(375)
    login(page, live_server.url, "tao_lampao", password="ผิด")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.content()
    screenshot(page, "login-wrong-password-375")


def test_provincial_officer_home(live_server, demo, page_at, screenshot):
    page = page_at(1366)
    login(page, live_server.url, "pcd_kalasin")
    page.wait_for_url(f"{live_server.url}/")
    assert "อำเภอในจังหวัด" in page.content()
    screenshot(page, "home-province-1366")
