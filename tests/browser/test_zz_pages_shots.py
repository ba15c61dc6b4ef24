"""Temporary: screenshots of the pages developer's changes (not committed)."""
import pytest

from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = "/tmp/pages_shots"


def test_shots(live_server, demo, page_at):
    import os
    from groups.models import Group
    from training.models import Step, Training, FollowUp
    os.makedirs(OUT, exist_ok=True)
    base = live_server.url
    t7 = Training.objects.filter(office__code="6460105", step__gte=Step.RUN, enrollments__isnull=False).order_by("step").first()
    print("training", t7, t7.step, t7.sessions.count(), t7.enrollments.count())
    group = Group.objects.filter(office__code="6460105").first()
    for width in (1366, 375):
        page = page_at(width, 900)
        login(page, base)
        page.goto(f"{base}/training/{t7.pk}/")
        fields = page.locator("[data-testid=attendance-grid] input").all()
        if fields:
            fields[0].fill("99")
            page.get_by_role("button", name="บันทึกเวลาเข้าอบรม (ชั่วโมง)").click()
            page.wait_for_load_state(); page.wait_for_timeout(800)
            page.screenshot(path=f"{OUT}/training-grid-refused-{width}.png")
        page.goto(f"{base}/training/{t7.pk}/")
        page.locator("#step form").first.wait_for()
        page.goto(f"{base}/groups/{group.pk}/#work")
        units = page.locator("[data-testid=work-grid] input").all()
        units[0].fill("สาม"); units[1].fill("4")
        page.get_by_role("button", name="บันทึกผลงานประจำวัน").click()
        page.wait_for_load_state(); page.wait_for_timeout(800)
        page.screenshot(path=f"{OUT}/group-work-refused-{width}.png")
        page.goto(f"{base}/groups/{group.pk}/")
        page.screenshot(path=f"{OUT}/group-top-{width}.png")
        row = page.locator("[data-testid=ledger] tr").first
        row.get_by_role("button").click()
        page.wait_for_load_state()
        page.screenshot(path=f"{OUT}/group-confirm-ledger-{width}.png")
        cd = page_at(width, 900)
        login(cd, base, "cd_mueang")
        cd.goto(f"{base}/training/follow-ups/")
        cd.screenshot(path=f"{OUT}/follow-ups-{width}.png", full_page=True)
        link = cd.get_by_role("link", name="บันทึกการเยี่ยม").first
        if link.count():
            link.click(); cd.wait_for_load_state()
            cd.get_by_role("button", name="บันทึกการเยี่ยม").click(); cd.wait_for_load_state()
            cd.screenshot(path=f"{OUT}/follow-up-form-refused-{width}.png", full_page=True)
        print("overdue", FollowUp.objects.filter(visited_on__isnull=True).count())
