"""Forms of the training pages: one per step for the training's own facts, and the small add-forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kit.fields import GroupedDecimalField, ModelForm, RecordChoiceField, ThaiDateField, thai_fields
from registry.models import Expert, InstructorTeam, Occupation, Person, Village
from training.models import BudgetLine, FollowUp, MaterialReceipt, Session, Training, TrainingInstructor
from training.workflow import TRAINING


def step_form_class(step):
    """The form of a step's own facts: the fields the workflow table makes editable there
    (None if there are none)."""
    fields = list(TRAINING.state(step).editable_fields)
    if not fields:
        return None
    return forms.modelform_factory(Training, form=TrainingFactsForm, fields=fields)


class TrainingFactsForm(ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "village" in self.fields:
            # The keeper's area; a district office's training stays in a target village
            # (the "place" rule, on save).
            self.fields["village"].queryset = Village.objects.for_user(user).with_areas()
        if "occupation" in self.fields:
            self.fields["occupation"].queryset = Occupation.objects.filter(is_active=True)
        thai_fields(self)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TrainingCreateForm(TrainingFactsForm):
    class Meta(ModelForm.Meta):
        model = Training
        fields = ["topic", "occupation", "village", "venue"]


class VillageTrainingForm(forms.Form):
    team = RecordChoiceField(label=_("village instructor team"), queryset=InstructorTeam.objects.none())
    topic = forms.CharField(label=_("topic"), max_length=200)
    occupation = RecordChoiceField(
        label=_("occupation promoted"), queryset=Occupation.objects.filter(is_active=True)
    )
    date = ThaiDateField(label=_("date"))
    hours = GroupedDecimalField(
        label=_("training hours"), initial=6, max_digits=5, decimal_places=2, min_value=1
    )
    venue = forms.CharField(label=_("venue"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The teams of the user's area; the policy says which may be used ("training.village_training": a
        # district office's in the target villages of its district), with the reason, on save.
        self.fields["team"].queryset = (
            InstructorTeam.objects.for_user(user)
            .select_related("village")
            .order_by("-fiscal_year", "village__sub_district_id", "village__number")
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Create the village training")))


class InstructorForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = TrainingInstructor
        fields = ["expert", "name", "organisation"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.for_user(user).active().select_related("person")
        self.fields["expert"].required = False


class BudgetLineForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = BudgetLine
        fields = ["item", "quantity", "unit", "unit_cost"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        thai_fields(self)


class SessionForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Session
        fields = ["date", "start_time", "end_time", "title"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        thai_fields(self)


class MaterialForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = MaterialReceipt
        fields = ["enrollment", "item", "quantity", "unit", "received_on"]

    def __init__(self, *args, training, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = training.enrollments.select_related("person")
        self.fields["enrollment"].label = _("trainee")
        thai_fields(self)


class EnrollForm(forms.Form):
    """One person (chosen through the search-as-you-type box,
    training/_enrol_search.html) or a whole village."""

    person = RecordChoiceField(
        label=_("person from the register"), queryset=Person.objects.none(), required=False
    )
    village = RecordChoiceField(
        label=_("or all target households of a village"), queryset=Village.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The keeper's area (the page offers this form only to those who may change the training).
        self.fields["person"].queryset = Person.objects.for_user(user)
        self.fields["village"].queryset = Village.objects.for_user(user).with_areas()
        self.fields["village"].widget.attrs["class"] = "form-select"


class FollowUpForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = FollowUp
        fields = [
            "visited_on",
            "uses_skill",
            "started_occupation",
            "income_before",
            "income_after",
            "joined_group",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        thai_fields(self)
        self.fields["visited_on"].required = True
