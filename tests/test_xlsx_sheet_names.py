"""Every xlsx file the system hands out names its sheets in Thai for what they hold, never a library's default
("Tablib Dataset", "Sheet") nor a bare word or number."""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from registry.registers.declarations import REGISTERS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
THAI = re.compile("[\u0e01-\u0e5b]")


@pytest.fixture(autouse=True)
def in_thai():
    with translation.override("th"):
        yield


def sheets(content: bytes) -> list[str]:
    return load_workbook(io.BytesIO(content), read_only=True).sheetnames


def assert_thai_names(names):
    assert names and all(THAI.search(n) for n in names), names


def _arguments(text: str, start: int) -> str:
    """The text between the parenthesis opened just before `start` and the one that closes it."""
    depth, end = 1, start
    while depth:
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
    return text[start : end - 1]


def test_every_tablib_dataset_is_given_a_title():
    """A tablib Dataset without a title is written as a sheet called "Tablib Dataset"."""
    untitled = []
    for folder in ("grants", "groups", "kit", "registry", "reports", "training"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for call in re.finditer(r"tablib\.Dataset\(", text):
                if "title=" not in _arguments(text, call.end()):
                    untitled.append(f"{path.relative_to(ROOT)}:{text[: call.start()].count(chr(10)) + 1}")
    assert untitled == []


def test_the_grant_requests_export(client, world):
    from tests.grants.helpers import grant_world, make_request

    gw = grant_world(world)
    make_request(gw)
    client.force_login(gw.staff)
    assert sheets(client.get(reverse("grants:export")).content) == ["คำขอรับการสนับสนุน"]


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_each_register_export(client, world, catalogue, register):
    client.force_login(world.tao_a)
    response = client.get(reverse(f"registry:{register.name}_export"), {"format": "xlsx"})
    assert response.status_code == 200, response.status_code
    names = sheets(response.content)
    assert_thai_names(names)
    assert names == [str(register.label)[:31]]


def test_the_attendance_sheet_of_a_training(client, world, catalogue):
    from tests.training.helpers import training_at
    from training.models import Step

    training = training_at(world.office_a, Step.EVALUATE)
    client.force_login(world.tao_a)
    content = client.get(reverse("training:attendance_template", args=[training.pk])).content
    assert sheets(content) == ["เวลาเข้าอบรม"]


def test_the_plan_targets_sheet(client, world):
    from tests.reports.helpers import kalasin_plan

    plan, *_rest = kalasin_plan(world.province_a)
    client.force_login(world.province_a)
    content = client.get(reverse("reports:targets_export", args=[plan.pk])).content
    assert sheets(content) == ["เป้าหมายรายอำเภอ 2565"]
