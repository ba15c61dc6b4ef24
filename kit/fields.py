"""Form fields used by every form of the project: choices of records, national IDs, phones,
Buddhist Era dates.

Each reads its value with the one shared parser in `kit.thai`, so a form, a spreadsheet import and a search
box read the same input the same way.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from kit import thai

# --- choices of records -------------------------------------------------------------------------------------


def _key_fits(queryset, to_field_name, value) -> bool:
    """Whether `value` can be a key of the queryset's model on this database at all.

    A 20-digit number is no integer key, but SQLite cannot even compare it (its integers have 64 bits):
    `pk__in=[12345678901234567890]` raises OverflowError. Reading it with the key field's own parser and
    validators (the integer range of the column on this database) refuses it before any query."""
    meta = queryset.model._meta
    key_field = meta.get_field(to_field_name) if to_field_name else meta.pk
    while key_field.remote_field is not None:  # a OneToOne primary key: the key of the model it points to
        key_field = key_field.target_field
    try:
        key_field.run_validators(key_field.to_python(value))
    except ValidationError:
        return False
    return True


class RecordChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose impossible keys are an ordinary "choose a valid option" error."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and not _key_fits(self.queryset, self.to_field_name, value)
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose impossible keys are an ordinary "choose a valid option" error."""

    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            return super()._check_values(value)  # Django's own "enter a list of values"
        for key in values:
            if not isinstance(key, self.queryset.model) and not _key_fits(
                self.queryset, self.to_field_name, key
            ):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(key)[:30]},
                )
        return super()._check_values(value)


def record_formfield(db_field, **kwargs):
    """The form field of a model field, with the project's record choices for relations."""
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", RecordChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", RecordMultipleChoiceField)
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's model form. Subclasses declare `class Meta(ModelForm.Meta)` so that their relations are
    read by RecordChoiceField / RecordMultipleChoiceField (tests/test_form_fields.py checks every form)."""

    class Meta:
        formfield_callback = record_formfield


# --- Thai values --------------------------------------------------------------------------------------------


class ThaiDateField(forms.CharField):
    """dd/mm/yyyy in BE (or CE), the same rules as the spreadsheet import (thai.parse_date)."""

    widget = forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป เช่น 15/01/2569", "inputmode": "numeric"})

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value.day:02d}/{value.month:02d}/{thai.be_year(value)}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return thai.parse_date(value)
        except thai.InputError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class NationalIdField(forms.CharField):
    """13 digits with or without dashes or spaces (1-2345-67890-12-1), Thai digits too;
    cleaned to 13 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # "1-2345-67890-12-1" is 17 characters: never cut what is typed
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return thai.parse_national_id(value)
        except thai.InputError as exc:
            raise ValidationError(str(exc), code="invalid_national_id") from exc


class PhoneField(forms.CharField):
    """A Thai phone number (thai.parse_phone), cleaned to its digits with the leading 0."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return thai.parse_phone(value)
        except thai.InputError as exc:
            raise ValidationError(str(exc), code="invalid_phone") from exc


# --- Thai forms: grouped numbers, Buddhist Era dates, Bootstrap classes -------------------------------------


class GroupedDecimalField(forms.DecimalField):
    """Accepts 1,250,000.50 as typed by Thai offices (like the spreadsheet import does)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = thai.number_text(value)  # the same reading as the spreadsheet import (cells.decimal)
        return super().to_python(value)


def thai_fields(form):
    """Buddhist Era dates and grouped numbers, the same everywhere."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DateField):
            form.fields[name] = ThaiDateField(
                label=field.label, required=field.required, help_text=field.help_text, initial=field.initial
            )
        elif type(field) is forms.DecimalField:
            field.__class__ = GroupedDecimalField
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3


def bootstrap(form):
    """Bootstrap 5 classes on every widget, for forms drawn with components/field.html instead of crispy."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
