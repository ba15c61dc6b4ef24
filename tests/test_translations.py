"""Every interface string has a Thai translation (Thai first, English through i18n)."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "th" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~") or "msgid" not in block:
            continue
        yield block


def test_every_string_has_a_thai_translation():
    untranslated = []
    for block in entries():
        assert "#, fuzzy" not in block, block
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if not msgstrs or any(first == "" and rest == "" for first, rest in msgstrs):
            untranslated.append(block.splitlines()[-2])
    assert not untranslated, untranslated


def test_catalogue_is_compiled_and_active():
    with translation.override("th"):
        assert translation.gettext("Villages") == "หมู่บ้าน"
    with translation.override("en"):
        assert translation.gettext("Villages") == "Villages"


# --- every message a Thai user can be shown, Django's own included ------------------------------------------
# Django's Thai catalogue lacks many validation messages ("Ensure that there are no more than 12 digits in
# total."); ours provides them (kit/django_messages.py lists them). These tests go through every form and
# model of the project, as our pages use them, so that a new field cannot bring an English message back.

import importlib  # noqa: E402
import pkgutil  # noqa: E402
import re as _re  # noqa: E402

import pytest  # noqa: E402
from django import forms  # noqa: E402
from django.apps import apps  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

PROJECT_APPS = ("kit", "registry", "training", "groups", "grants", "reports")
THAI = _re.compile(r"[\u0e00-\u0e7f]")


class AnyParams(dict):
    """Fills every %(name)s of a message (numbers and text alike)."""

    def __missing__(self, key):
        return 1


def project_forms():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)
    found, stack = set(), [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def field_messages(field):
    """Every message a form or model field can raise: its own and its validators'."""
    yield from field.error_messages.values()
    for validator in field.validators:
        yield from getattr(validator, "messages", {}).values()
        if getattr(validator, "message", None):
            yield validator.message


def has_words(message) -> bool:
    """A message with words of its own (not only placeholders such as "%(person)s: %(message)s")."""
    return bool(_re.search(r"[A-Za-z]{2,}", _re.sub(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}", "", str(message))))


def assert_all_thai(where_messages):
    english = []
    with translation.override("th"):
        for where, message in where_messages:
            if message is None:
                continue
            template = translation.gettext(message) if isinstance(message, str) else message
            with translation.override("en"):
                if not has_words(str(template % AnyParams()) if "%(" in str(template) else str(template)):
                    continue
            shown = (
                str(template % AnyParams())
                if "%(" in str(template) or "%d" in str(template)
                else str(template)
            )
            if not THAI.search(shown):
                english.append(f"{where}: {shown}")
    assert not english, "\n".join(sorted(set(english)))


def test_every_form_field_message_is_thai():
    classes = project_forms()
    assert len(classes) > 20, classes  # the discovery found the project's forms
    assert_all_thai(
        (f"{cls.__module__}.{cls.__qualname__}.{name}", message)
        for cls in classes
        for name, field in cls.base_fields.items()
        for message in field_messages(field)
    )


def test_every_list_filter_message_is_thai():
    """The filters of every list (django-filter has no Thai catalogue at all)."""
    import django_filters

    project_forms()  # imports every module of the project
    found, stack = [], [django_filters.FilterSet]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                found.append(sub)
    assert found
    assert_all_thai(
        (f"{cls.__qualname__}.{name}", message)
        for cls in found
        for name, flt in cls.base_filters.items()
        for message in field_messages(flt.field)
    )


def test_every_model_field_and_constraint_message_is_thai():
    from django.db.models import UniqueConstraint

    def messages():
        for app in PROJECT_APPS:
            for model in apps.get_app_config(app).get_models():
                for field in model._meta.get_fields():
                    if hasattr(field, "error_messages") and hasattr(field, "validators"):
                        for message in field_messages(field):
                            yield f"{model.__name__}.{field.name}", message
                for constraint in model._meta.constraints:
                    yield f"{model.__name__}.{constraint.name}", constraint.violation_error_message
                    if isinstance(constraint, UniqueConstraint) and constraint.fields:
                        yield (
                            f"{model.__name__}.{constraint.name}",
                            model().unique_error_message(model, list(constraint.fields)).message,
                        )
                if model._meta.unique_together:
                    yield (
                        f"{model.__name__}.unique_together",
                        model().unique_error_message(model, list(model._meta.unique_together[0])).message,
                    )

    assert_all_thai(messages())


HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1.23456789",
    "1e400",
    "abc",
    "<b>'\"",
    "31/02/2569",
    "15/01/2800",
    "00/00/0000",
    "12:99",
    "1234567890123",
    "1-2345-67890-12-1",
    "\x00",
]


@pytest.mark.django_db
def test_hostile_input_gets_thai_messages_from_every_form_field():
    """Every field of every form, given hostile values with Thai active, answers in Thai (or accepts them)."""
    english = []
    with translation.override("th"):
        for cls in project_forms():
            for name, field in cls.base_fields.items():
                field = field.__deepcopy__({})
                if isinstance(field, forms.ModelChoiceField) and field.queryset is None:
                    field.queryset = (
                        field.widget.choices.queryset if hasattr(field.widget.choices, "queryset") else None
                    )
                    if field.queryset is None:
                        continue
                for value in HOSTILE:
                    data = (
                        [value]
                        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                        else value
                    )
                    try:
                        field.clean(data)
                    except ValidationError as exc:
                        english.extend(
                            f"{cls.__qualname__}.{name} ({value[:12]!r}): {m}"
                            for m in exc.messages
                            if has_words(m) and not THAI.search(m)
                        )
    assert not english, "\n".join(sorted(set(english)))


@pytest.mark.django_db
def test_the_password_change_page_answers_in_thai(world):
    """Django's password form and the validators of AUTH_PASSWORD_VALIDATORS, on the page
    /accounts/password/."""
    from django.contrib.auth.forms import PasswordChangeForm
    from django.contrib.auth.password_validation import (
        get_default_password_validators,
        password_validators_help_texts,
    )

    user = world.tao_a
    user.set_password("กาฬสินธุ์ลำปาว2569")
    shown = []
    with translation.override("th"):
        for validator in get_default_password_validators():
            for password in ("1", "password", "1234567890123", user.username):
                try:
                    validator.validate(password, user)
                except ValidationError as exc:
                    shown.extend(exc.messages)
        shown.extend(password_validators_help_texts())
        form = PasswordChangeForm(user, {"old_password": "ผิด", "new_password1": "ก1", "new_password2": "ข2"})
        assert not form.is_valid()
        shown.extend(message for messages in form.errors.values() for message in messages)
    assert len(shown) > 6, shown
    english = [m for m in shown if not THAI.search(m) or "password" in m.lower()]
    assert not english, english


# --- the administrator's screens (Django admin), Django's own words included -------------------------------
# Django's Thai catalogue of the admin is incomplete (kit/admin_messages.py lists what ours adds). These
# pages are opened as the administrator sees them and their visible text (and the titles, placeholders and
# labels read out by screen readers) searched for English phrases that the admin, django_tasks_db or
# django-axes would show.

import html as _html  # noqa: E402

ENGLISH_ADMIN_PHRASES = [
    "Please correct",
    "was added successfully",
    "was changed successfully",
    "Task Result",
    "Tasks Database Backend",
    "Start typing to filter",
    "Filter navigation items",
    "Toggle",
    "Show counts",
    "Hide counts",
    "Clear all filters",
    "Skip to main content",
    "Breadcrumbs",
    "Sidebar",
    "Recent actions",
    "My actions",
    "None available",
    "Welcome",
    "View site",
    "Change password",
    "Log out",
    "Home",
    "Add ",
    "Change ",
    "Delete",
    "Search",
    "Filter",
    "Action:",
    "Go",
    "Save",
    "selected",
    "Select all",
    "Required",
    "Enabled",
    "Disabled",
    "Password-based authentication",
    "Empty",
    "Not empty",
    "entries",
    "Axes",
    "Ready",
    "Running",
    "Successful",
    "Failed",
    "enqueued at",
    "run after",
    "traceback",
    "queue name",
    "priority",
    "status",
    "By ",
    "All",
    "Yes",
    "No",
    "Unknown",
    "Error",
    "Hold down",
]
_TAG = _re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", _re.S | _re.I)
_SHOWN_ATTR = _re.compile(r'\s(?:title|placeholder|aria-label)="([^"]*)"', _re.I)
_BUTTON_VALUE = _re.compile(r'<input\b[^>]*\btype="(?:submit|button)"[^>]*\bvalue="([^"]*)"', _re.I)


def visible_words(page: str) -> str:
    """The page's text nodes and the attributes a person reads or hears (a button's value, not an option's),
    unescaped."""
    markup = _re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=_re.S)
    attributes = " | ".join(_SHOWN_ATTR.findall(markup) + _BUTTON_VALUE.findall(markup))
    return _html.unescape(_TAG.sub(" | ", page) + " | " + attributes)


def english_phrases(page: str) -> list[str]:
    words = visible_words(page)
    return [p for p in ENGLISH_ADMIN_PHRASES if _re.search(rf"(?<![A-Za-z]){_re.escape(p)}(?![a-z])", words)]


@pytest.mark.django_db
def test_the_admin_pages_are_thai(client, world):
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="registry.tasks.check_import",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=datetime_max(),
        exception_class_path="",
        traceback="",
    )
    client.force_login(world.admin)
    pages = {
        "index": client.get(reverse("admin:index")),
        "user list": client.get(reverse("admin:registry_user_changelist")),
        "office list": client.get(reverse("admin:registry_office_changelist") + "?q=อบต"),
        "user add form": client.get(reverse("admin:registry_user_add")),
        "office add, with an error": client.post(
            reverse("admin:registry_office_add"), {"code": "", "name": ""}
        ),
        "task results": client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")),
        "a task result": client.get(
            reverse("admin:django_tasks_database_dbtaskresult_change", args=[DBTaskResult.objects.get().pk])
        ),
        "sign-in lockouts": client.get(reverse("admin:axes_accessattempt_changelist")),
    }
    added = client.post(
        reverse("admin:registry_user_add"),
        {
            "username": "new_officer",
            "usable_password": "false",
            "first_name": "บุญมี",
            "last_name": "ศรีสุข",
            "office": world.office_a.pk,
            "role": "tao_staff",
        },
        follow=True,
    )
    pages["the user was added"] = added
    found = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        english = english_phrases(response.content.decode())
        if english:
            found[name] = english
    assert not found, found
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in pages["office add, with an error"].content.decode()
    assert _re.search(r'class="success">เพิ่มผู้ใช้ “<a [^>]+>บุญมี ศรีสุข</a>” เรียบร้อยแล้ว', added.content.decode())
    assert "บันทึกงานเบื้องหลัง" in pages["task results"].content.decode()
    assert "พิมพ์เพื่อกรอง…" in pages["user list"].content.decode()  # the navigation sidebar's filter


def datetime_max():
    from django_tasks_db.models import get_date_max

    return get_date_max()


def test_the_english_phrase_finder_finds_them():
    """The search itself: a phrase in a text node or a title is found, one in a tag's name or class is not."""
    assert english_phrases("<p>Please correct the error below.</p>") == ["Please correct"]
    assert english_phrases('<input placeholder="Start typing to filter…">') == ["Start typing to filter"]
    assert english_phrases('<input type="submit" value="Save" name="_save">') == ["Save"]
    assert english_phrases('<a class="addlink deletelink" href="/admin/">เพิ่ม</a>') == []
    assert english_phrases('<option value="delete_selected">ลบที่เลือก</option>') == []
