"""A short English word shared by two pages that mean different things gets its own context on each (pgettext,
{% translate "x" context "y" %}), so that each page has its own Thai: a missing document is not read out as
"ไม่มีประชุม" (no meeting), the word of the group's meeting months."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    p
    for folder in ("templates", "grants", "groups", "training", "reports", "registry", "kit")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".html", ".py") and "migrations" not in p.parts
]

# Words whose every use says what it is about: none is left without a context.
EVERY_USE = ("missing", "not yet", "due on", "planned", "period")

# Uses whose meaning differs from the word's usual one: (file, context, word, Thai).
OWN_CONTEXT = [
    ("templates/grants/request_detail.html", "document", "missing", "ยังไม่มี"),
    ("templates/groups/group_detail.html", "meeting month", "missing", "ไม่มีประชุม"),
    ("templates/groups/group_detail.html", "meeting month", "not yet", "ยังไม่ประชุม"),
    ("templates/grants/due.html", "report due", "not yet", "ยังไม่เลยกำหนด"),
    ("templates/reports/targets/_progress.html", "step", "not yet", "ยังไม่ได้ทำ"),
    ("templates/grants/_group_late.html", "report", "due on", "กำหนดส่งรายงาน"),
    ("templates/groups/visits_overdue.html", "follow-up", "due on", "กำหนดติดตาม"),
    ("templates/training/training_detail.html", "budget", "planned", "ตามแผน"),
    ("templates/groups/group_detail.html", "meeting", "planned", "นัดประชุมไว้"),
    ("templates/reports/targets/_checks.html", "rule check", "refused", "ไม่ผ่าน"),
    ("templates/reports/plans/detail.html", "plan", "period", "ระยะเวลาดำเนินการ"),
    ("templates/reports/submissions/_period.html", "report", "period", "ช่วงที่รายงาน"),
    ("templates/reports/targets/district.html", "borrowed from a village", "from", "จาก"),
    ("grants/models.py", "state", "from", "จากสถานะ"),
    ("grants/models.py", "state", "to", "เป็นสถานะ"),
    ("templates/groups/group_detail.html", "members", "active", "คนที่ยังเป็นสมาชิก"),
]


def _uses_without_context(word: str) -> list[str]:
    bare = re.compile(
        rf"""{{% ?(?:translate|trans) ["']{re.escape(word)}["'](?! context)|"""
        rf"""\b_\(\s*["']{re.escape(word)}["']\s*\)"""
    )
    return [f"{p.relative_to(ROOT)}" for p in SOURCES if bare.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("word", EVERY_USE)
def test_an_ambiguous_word_is_never_used_without_its_context(word):
    assert _uses_without_context(word) == []


@pytest.mark.parametrize(("path", "context", "word", "thai"), OWN_CONTEXT)
def test_each_meaning_has_its_own_thai(path, context, word, thai):
    source = (ROOT / path).read_text(encoding="utf-8")
    quoted = rf"""["']{re.escape(word)}["'] context ["']{re.escape(context)}["']"""
    assert re.search(quoted, source) or f'pgettext_lazy("{context}", "{word}")' in source
    with translation.override("th"):
        assert pgettext(context, word) == thai


@pytest.mark.django_db
def test_a_missing_document_is_read_out_as_missing_not_as_no_meeting(client, world):
    from tests.grants.helpers import grant_world, make_request

    gw = grant_world(world)
    request = make_request(gw, documents=False)
    client.force_login(gw.staff)
    with translation.override("th"):
        page = client.get(reverse("grants:detail", args=[request.pk])).content.decode()
    checklist = page.split('data-testid="checklist"', 1)[1].split("</ul>", 1)[0]
    assert '<span class="visually-hidden">ยังไม่มี:</span>' in checklist and "ไม่มีประชุม" not in checklist
    with translation.override("th"):
        group_page = client.get(reverse("groups:detail", args=[gw.group.pk])).content.decode()
    months = group_page.split('data-testid="meeting-months"', 1)[1].split("<ul", 1)[0]
    assert "ไม่มีประชุม" in months and "ยังไม่มี" not in months
