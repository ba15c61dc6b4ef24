"""Forms of the registers: crispy, limited to the user's areas, dates in the Buddhist Era."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kit import thai
from kit.fields import (
    GroupedDecimalField,
    ModelForm,
    NationalIdField,
    PhoneField,
    RecordChoiceField,
    ThaiDateField,
)
from kit.imports.reading import check_upload
from kit.thai import fiscal_year_now
from registry.models import (
    Expert,
    Household,
    Occupation,
    Person,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    Village,
    WantedOccupation,
)
from registry.models.materials import mask_from_months, months_from_mask
from registry.pdpa import may_see_sensitive
from registry.pickers import PickerFormMixin, PickField
from registry.scoping import Action


class RegisterForm(PickerFormMixin, ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in list(self.fields.items()):
            if name == "village":
                field.queryset = Village.objects.for_user(user, Action.CHANGE).with_areas()
                field.label_from_instance = lambda v: f"{v} ต.{v.sub_district.name_th} ({v.code})"
            elif name in ("person", "head"):
                self.fields[name] = PickField(
                    "person",
                    queryset=Person.objects.for_user(user, Action.CHANGE),
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                )
            elif name == "household":
                # A person's household is one of their village's; elsewhere any household of the office.
                self.fields[name] = PickField(
                    "household",
                    queryset=Household.objects.for_user(user, Action.CHANGE),
                    village_field="village" if "village" in self.fields else None,
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                )
            elif name in ("occupation", "occupations", "expertise"):
                field.queryset = Occupation.objects.filter(is_active=True) | (
                    Occupation.objects.filter(pk__in=self._current_pks(name))
                )
        for name, field in self.fields.items():
            if type(field) is forms.DecimalField:
                field.__class__ = GroupedDecimalField
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            if isinstance(field, forms.DateField) or name.endswith("_date"):
                self.fields[name] = ThaiDateField(
                    label=field.label, required=field.required, help_text=field.help_text
                )
        self.setup_pickers(user)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def _current_pks(self, name):
        if not self.instance.pk:
            return []
        value = getattr(self.instance, name)
        if hasattr(value, "all"):
            return [o.pk for o in value.all()]
        return [value.pk] if value else []


class PersonForm(RegisterForm):
    national_id = NationalIdField(label=Person._meta.get_field("national_id").verbose_name)
    phone = PhoneField(label=Person._meta.get_field("phone").verbose_name, required=False)

    class Meta(ModelForm.Meta):
        model = Person
        fields = [
            "title",
            "title_other",
            "first_name",
            "last_name",
            "national_id",
            "sex",
            "birth_date",
            "phone",
            "village",
            "house_number",
            "household",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The full number is never put into a page without a logged "show"; it is not edited here.
            del self.fields["national_id"]

    def clean(self):
        data = super().clean()
        if data.get("title") == "other" and not data.get("title_other"):
            self.add_error("title_other", _("Write the title."))
        return data

    registered_elsewhere = None  # the offices holding the number's record, when outside the user's area

    def validate_unique(self):
        from registry.selectors import person_registered_elsewhere

        national_id = self.cleaned_data.get("national_id")
        if national_id and not self.instance.pk:
            self.registered_elsewhere = person_registered_elsewhere(user=self.user, national_id=national_id)
        if self.registered_elsewhere:
            # Which office holds the record, and nothing else of it; the page offers to move it here.
            self.add_error(
                "national_id",
                _("This national ID number is registered by %(offices)s.")
                % {"offices": ", ".join(o.name for o in self.registered_elsewhere)},
            )
        super().validate_unique()


class PersonMoveForm(forms.Form):
    """Bring the record of a person registered by another office into one of the user's villages."""

    national_id = forms.CharField(
        label=_("national ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    village = RecordChoiceField(label=_("village"), queryset=Village.objects.none())
    house_number = forms.CharField(label=_("house number"), max_length=30)
    reason = forms.CharField(
        label=_("Reason for the move"),
        max_length=300,
        error_messages={"required": _("Write why the person's record is moved.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. moved in with her daughter's family")}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have checked that this person now lives in our area and that the record "
            "should move to our office."
        ),
        error_messages={"required": _("Tick the box to confirm the move.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.for_user(user, Action.CHANGE).with_areas()
        self.fields["village"].label_from_instance = lambda v: f"{v} ต.{v.sub_district.name_th} ({v.code})"

    def clean_national_id(self):
        value = self.cleaned_data["national_id"]
        if not thai.national_id_is_valid(value):
            raise ValidationError(_("The national ID number is not valid."))
        return thai.national_id_digits(value)


class HouseholdForm(RegisterForm):
    class Meta(ModelForm.Meta):
        model = Household
        fields = [
            "village",
            "house_number",
            "head",
            "member_count",
            "yearly_income",
            "tpmap_poor",
            "tpmap_year",
            "tpmap_source",
            "jpt_year",
            "jpt_source",
            "interested_in_training",
            "interested_year",
            "interested_source",
            "released_prisoner",
            "prisoner_consent",
            "prisoner_consent_date",
            "prisoner_source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_see_sensitive(self.user):
            for name in ("released_prisoner", "prisoner_consent", "prisoner_consent_date", "prisoner_source"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("released_prisoner") and not (
            data.get("prisoner_consent") and data.get("prisoner_consent_date")
        ):
            self.add_error("prisoner_consent", _("Record the person's explicit consent and its date first."))
        return data


class TargetHouseholdForm(RegisterForm):
    class Meta(ModelForm.Meta):
        model = TargetHousehold
        fields = ["household", "fiscal_year", "criterion", "forum_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A ModelForm's initial holds the new record's empty year, which would hide a field initial.
        self.initial["fiscal_year"] = self.initial.get("fiscal_year") or fiscal_year_now()

    def _post_clean(self):
        household = self.cleaned_data.get("household")
        if household is not None:
            self.instance.village = household.village
        super()._post_clean()


class PersonOccupationForm(RegisterForm):
    class Meta(ModelForm.Meta):
        model = PersonOccupation
        fields = ["person", "occupation", "kind", "yearly_income"]


class WantedOccupationForm(RegisterForm):
    class Meta(ModelForm.Meta):
        model = WantedOccupation
        fields = ["person", "occupation", "priority", "survey_year"]


class MonthsField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[(m, name) for m, name in enumerate(thai.MONTHS_LONG, 1)],
            coerce=int,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "months"}),
            required=False,
            **kwargs,
        )


class RawMaterialForm(RegisterForm):
    months_available = MonthsField(label=_("months available"))

    class Meta(ModelForm.Meta):
        model = RawMaterial
        fields = [
            "village",
            "name",
            "category",
            "quantity",
            "unit",
            "source",
            "price_per_unit",
            "occupations",
            "products",
            "notes",
        ]
        widgets = {"occupations": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months_available"].initial = months_from_mask(self.instance.months)

    def _post_clean(self):
        self.instance.months = mask_from_months(self.cleaned_data.get("months_available") or [])
        super()._post_clean()


class ExpertForm(RegisterForm):
    class Meta(ModelForm.Meta):
        model = Expert
        fields = [
            "person",
            "expertise",
            "years_experience",
            "achievements",
            "instructor_course_passed",
            "instructor_course_date",
            "active",
        ]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "achievements": forms.Textarea(attrs={"rows": 3}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        max_length=300,
        error_messages={"required": _("Write why you need the full number.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. checking identity for a training enrolment")}),
    )
