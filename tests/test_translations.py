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
