"""Forms of the group pages. They parse and check input; the rules are in groups/services.py."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groups.models import (
    EXPENSE_CATEGORIES,
    INCOME_CATEGORIES,
    Activity,
    CommitteeRole,
    EntryKind,
    Group,
    LedgerCategory,
    LedgerEntry,
    Meeting,
    MeetingKind,
    RuleVersion,
    WorkUnit,
)
from kit.fields import (
    ModelForm,
    RecordChoiceField,
    RecordMultipleChoiceField,
    ThaiDateField,
    bootstrap,
    thai_fields,
)
from registry.models import Occupation, Person, Village


class GroupForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Group
        fields = [
            "name",
            "occupation",
            "products",
            "village",
            "villages",
            "founded_on",
            "status",
            "year_start_month",
            "product_type",
            "licences",
            "community_link",
            "otop_number",
        ]
        widgets = {"villages": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The keeper's area (a TAO's own, a district office's district for the groups it forms):
        # the policy decides.
        villages = Village.objects.for_user(user).with_areas()
        self.fields["village"].queryset = villages
        self.fields["village"].label = _("village where the group is based")
        self.fields["villages"].queryset = villages
        self.fields["villages"].required = False
        self.fields["occupation"].queryset = Occupation.objects.filter(is_active=True)
        self.fields["year_start_month"] = forms.TypedChoiceField(
            label=self.fields["year_start_month"].label,
            choices=list(MONTHS.items()),
            coerce=int,
            initial=10,
            help_text=_("October gives the government's fiscal year."),
        )
        thai_fields(self)


class GroupFromTrainingForm(forms.Form):
    name = forms.CharField(label=_("group name"), max_length=200)
    products = forms.CharField(label=_("products"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    founded_on = ThaiDateField(label=_("founded on"))
    people = RecordMultipleChoiceField(
        label=_("founding members"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(
            pk__in=training.enrollments.values("person")
        ).order_by("first_name", "last_name")
        self.fields["people"].label_from_instance = str


class RegistrationForm(forms.Form):
    number = forms.CharField(label=_("district registration number"), max_length=50)
    registered_on = ThaiDateField(label=_("registered with the district on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MemberForm(forms.Form):
    person = RecordChoiceField(queryset=Person.objects.none())
    joined_on = ThaiDateField(label=_("joined on"))
    founder = forms.BooleanField(label=_("founding member"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user)


class ApplicationForm(forms.Form):
    person = RecordChoiceField(queryset=Person.objects.none())
    applied_on = ThaiDateField(label=_("applied on"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("accept")), ("refuse", _("refuse"))])
    decided_on = ThaiDateField(label=_("decided on"))
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class DateForm(forms.Form):
    """One date (a member leaving, a committee term ending)."""

    date = ThaiDateField(label=_("date"))


class SeatForm(forms.Form):
    membership = RecordChoiceField(label=_("member"), queryset=None)
    role = forms.ChoiceField(label=_("role"), choices=CommitteeRole.choices)
    starts_on = ThaiDateField(label=_("term starts on"))
    ends_on = ThaiDateField(label=_("term ends on"), required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = group.memberships.select_related("person").order_by(
            "person__first_name"
        )
        bootstrap(self)


class MeetingForm(ModelForm):
    present = RecordMultipleChoiceField(
        label=_("members present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta(ModelForm.Meta):
        model = Meeting
        fields = ["kind", "date", "held", "agenda", "resolutions"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = (
            group.memberships.filter(left_on__isnull=True)
            .select_related("person")
            .order_by("person__first_name")
        )
        self.fields["present"].label_from_instance = lambda m: str(m.person)
        thai_fields(self)
        bootstrap(self)


class RulesForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = RuleVersion
        fields = ["adopted_at", "effective_from", "text", "work_unit", *RuleVersion.ALLOCATION]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_at"].queryset = group.meetings.filter(held=True)
        self.fields["work_unit"].choices = WorkUnit.choices
        thai_fields(self)
        self.fields["text"].widget.attrs["rows"] = 5
        for name in RuleVersion.ALLOCATION:
            self.fields[name].required = False
        bootstrap(self)


class ActivityForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Activity
        fields = ["decided_at", "kind", "title", "starts_on", "ends_on", "target"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_at"].queryset = group.meetings.filter(held=True)
        thai_fields(self)
        bootstrap(self)


class WorkDayForm(forms.Form):
    """The date and activity of a day's work; each member's units come as `u-<membership id>` fields."""

    date = ThaiDateField(label=_("date"))
    activity = RecordChoiceField(label=_("activity"), queryset=None, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = group.activities.all()
        bootstrap(self)


RECEIPT_MAX_MB = 5  # a scanned receipt

# The categories of each kind of ledger line; savings and shares have none (they are the members' money).
CATEGORIES_OF = {EntryKind.INCOME: INCOME_CATEGORIES, EntryKind.EXPENSE: EXPENSE_CATEGORIES}


class KindSelect(forms.Select):
    """Options that each name the kind they belong to (data-kind), for static/js/dependent_fields.js."""

    def __init__(self, kind_of: dict, attrs=None):
        super().__init__(attrs)
        self.kind_of = kind_of

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.kind_of:
            option["attrs"]["data-kind"] = self.kind_of[str(value)]
        return option


class LedgerForm(ModelForm):
    """A line of the books: first whether money came in or went out, then the category of that kind. Without
    JavaScript the categories are grouped under their kind; with it, only the chosen kind's are offered."""

    class Meta(ModelForm.Meta):
        model = LedgerEntry
        fields = [
            "kind",
            "category",
            "date",
            "amount",
            "description",
            "document_number",
            "membership",
            "receipt",
        ]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = group.memberships.select_related("person").order_by(
            "person__first_name"
        )
        self.fields["membership"].label = _("member (savings and shares only)")
        kind, category = self.fields["kind"], self.fields["category"]
        kind.label = pgettext_lazy("ledger entry", "kind")
        kind.choices = [("", _("— choose —")), *EntryKind.choices]  # nothing chosen for the user
        category.label = pgettext_lazy("ledger entry", "category")
        # Needed for income and expenses; savings and shares go under the members' money (the service).
        savings = (EntryKind.SAVING, EntryKind.WITHDRAWAL)
        category.required = self.data.get(self.add_prefix("kind")) not in savings
        category.error_messages["required"] = _("Choose the category of this income or expense.")
        category.widget = KindSelect({c.value: k.value for k, cs in CATEGORIES_OF.items() for c in cs})
        category.choices = [
            ("", _("— choose —")),
            *((EntryKind(k).label, [(c.value, c.label) for c in cs]) for k, cs in CATEGORIES_OF.items()),
        ]
        self.fields["receipt"].widget.attrs["accept"] = "image/*,application/pdf"
        self.fields["receipt"].help_text = _("PDF or an image, up to %(mb)s MB.") % {"mb": RECEIPT_MAX_MB}
        thai_fields(self)
        bootstrap(self)
        # The fields that follow the kind (static/js/dependent_fields.js): the category offers the kind's own
        # categories; the member is asked for savings and shares only.
        category.widget.attrs["data-follows"] = self["kind"].auto_id
        self.fields["membership"].widget.attrs |= {
            "data-follows": self["kind"].auto_id,
            "data-shown-for": " ".join(savings),
        }

    def clean(self):
        data = super().clean()
        categories = CATEGORIES_OF.get(data.get("kind"))
        if categories is None:
            data["category"] = ""
        elif data.get("category") and data["category"] not in categories:
            self.add_error(
                "category",
                _("“%(category)s” is not a category of %(kind)s.")
                % {"category": LedgerCategory(data["category"]).label, "kind": EntryKind(data["kind"]).label},
            )
        return data

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt and receipt.size > RECEIPT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The scanned receipt is larger than %(mb)s MB.") % {"mb": RECEIPT_MAX_MB}
            )
        return receipt


class YearCloseForm(forms.Form):
    meeting = RecordChoiceField(label=_("approved at the general meeting"), queryset=None)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = group.meetings.filter(held=True, kind=MeetingKind.GENERAL)


class VisitForm(forms.Form):
    visited_on = ThaiDateField(label=_("visited on"))
    notes = forms.CharField(
        label=_("what was found and advised"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
