"""In Chromium, on the demo province: the district's community developer organises the one-day village
training in a target village of the district (the provincial guideline's village programme); the TAO of that
village reads it and is told which office keeps it. Screenshots at 1366 and 375 px wide."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_training_flow import login
from tests.training.helpers import programme_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2569  # the demo's instructor teams and target households (registry/demo_registers.py)


@pytest.fixture
def targets(demo):
    """The demo's target villages, as the plan's app will provide them: the teams' villages of อบต.ลำปาว."""
    from registry.models import InstructorTeam, Office, Village

    office = Office.objects.get(users__username="tao_lampao")
    teams = InstructorTeam.objects.filter(
        fiscal_year=YEAR, members__isnull=False, village__sub_district__in=office.sub_districts.all()
    ).distinct()
    chosen = set(teams.values_list("village", flat=True))
    assert chosen, "the demo has instructor teams in อบต.ลำปาว"

    def provider(fiscal_year):
        return Village.objects.filter(pk__in=chosen if fiscal_year == YEAR else ())

    with programme_targets(provider):
        yield teams.order_by("village__number").first()


def test_the_district_officer_organises_the_village_training_and_the_tao_reads_it(
    live_server, targets, page_at, screenshot
):
    from training.models import Training

    base, team = live_server.url, targets
    for width in (1366, 375):
        page = page_at(width, 900)
        login(page, base, "cd_mueang")
        page.goto(f"{base}/training/village/?year={YEAR}")
        expect(page.locator("#targets-title")).to_contain_text(str(YEAR))
        expect(page.get_by_role("cell", name=str(team.village), exact=True)).to_be_visible()
        screenshot(page, f"district-village-training-{width}")
    page.locator("#id_team").select_option(value=str(team.pk))
    page.locator("#id_topic").fill("การทำปุ๋ยหมักชีวภาพ")
    page.locator("#id_occupation").select_option(index=1)
    page.locator("#id_date").fill("10/02/2569")
    page.locator("#id_venue").fill("ศาลาประชาคม")
    page.get_by_role("button", name="สร้างการฝึกอบรมระดับหมู่บ้าน").click()
    page.wait_for_url(re.compile(r".*/training/\d+/$"))
    training = Training.objects.get(topic="การทำปุ๋ยหมักชีวภาพ")
    assert training.office.kind == "district_cd" and training.enrollments.exists()
    url = f"{base}/training/{training.pk}/"
    for width in (1366, 375):
        page = page_at(width, 900)
        login(page, base, "cd_mueang")
        page.goto(url)
        expect(page.get_by_role("button", name="ไปขั้นตอนถัดไป →")).to_be_visible()
        screenshot(page, f"district-training-as-district-{width}")
        page = page_at(width, 900)
        login(page, base, "tao_lampao")
        page.goto(url)
        expect(page.get_by_text(f"รายการนี้เป็นของ{training.office.name}").first).to_be_visible()
        expect(page.get_by_role("button", name="ไปขั้นตอนถัดไป →")).to_have_count(0)
        screenshot(page, f"district-training-as-tao-{width}")
