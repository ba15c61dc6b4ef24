"""Forms of the grant request's pages. They parse and check input; the rules are in grants/services.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import UPLOAD_EXTENSIONS, CostKind, DocumentKind, GrantRequest, Purpose, SupportKind
from grants.services import max_upload_bytes
from kit import thai
from kit.fields import (
    GroupedDecimalField,
    ModelForm,
    RecordChoiceField,
    RecordMultipleChoiceField,
    ThaiDateField,
    bootstrap,
    thai_fields,
)


def _money(label, required=True):
    return GroupedDecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("999999999.99"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def _quantity():
    """A cost line's quantity (a line's row may be left empty: the form says when it is needed)."""
    return GroupedDecimalField(
        label=_("quantity"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(1_000_000),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


# The plan's fields a draft may be saved without but a request needs before it is submitted (the submission's
# guard in grants/workflow.py names each one missing); the form marks them apart from the fields it needs now.
NEEDED_TO_SUBMIT = (
    "purposes",
    "support_kinds",
    "activities",
    "starts_on",
    "ends_on",
    "expected_results",
    "amount_requested",
)


class RequestForm(ModelForm):
    """The request's plan: the group (when it is new), the year, what is asked and why."""

    purposes = forms.MultipleChoiceField(
        label=_("purposes"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("support asked"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta(ModelForm.Meta):
        model = GrantRequest
        fields = [
            "group",
            "fiscal_year",
            "title",
            "purposes",
            "support_kinds",
            "activities",
            "starts_on",
            "ends_on",
            "expected_results",
            "amount_requested",
            "received_on",
        ]

    def __init__(self, *args, groups=None, eligibility=None, **kwargs):
        """`groups`: the groups a new request may be for; `eligibility`: {group pk: Eligibility} of them
        (grants.selectors.groups_eligibility), shown in each group's option before anything is typed."""
        super().__init__(*args, **kwargs)
        self.eligibility = eligibility or {}
        if groups is None:  # an existing request keeps its group
            del self.fields["group"]
        else:
            field = self.fields["group"]
            field.queryset = groups
            field.label_from_instance = self._group_option
            field.widget = GroupSelect(
                closed={str(pk) for pk, found in self.eligibility.items() if not found.eligible}
            )
            field.widget.choices = field.choices
            field.help_text = _("Groups of your office's area, each with whether it may apply now.")
        self.fields["fiscal_year"].initial = self.fields["fiscal_year"].initial or thai.fiscal_year_now()
        thai_fields(self)
        bootstrap(self)
        for name in NEEDED_TO_SUBMIT:  # drawn by components/field.html next to the label
            self.fields[name].needed_later = _("needed to submit")

    def _group_option(self, group) -> str:
        found = self.eligibility.get(group.pk)
        if found is None or found.eligible:
            return _("%(group)s — may apply") % {"group": group}
        return _("%(group)s — cannot apply yet: %(reasons)s") % {
            "group": group,
            "reasons": " ".join(found.reasons),
        }

    @property
    def group_refusal(self) -> str:
        """Why the group chosen before anything is typed (from the group's page) cannot apply: said under the
        choice, since a phone's closed choice cuts its option's reasons."""
        if self.is_bound or "group" not in self.fields:
            return ""
        value = self["group"].value()
        found = self.eligibility.get(int(value)) if str(value).isdigit() else None
        if found is None or found.eligible:
            return ""
        return _("This group cannot apply yet: %(reasons)s") % {"reasons": " ".join(found.reasons)}

    def clean_group(self):
        """A group that fails the eligibility rules cannot apply (its option is disabled; a posted one is
        refused with the reasons)."""
        group = self.cleaned_data.get("group")
        found = self.eligibility.get(group.pk) if group is not None else None
        if found is not None and not found.eligible:
            raise forms.ValidationError(
                _("%(group)s cannot apply yet: %(reasons)s")
                % {"group": group, "reasons": " ".join(found.reasons)}
            )
        return group


class GroupSelect(forms.Select):
    """The group choice: a group that cannot apply now is listed with its reasons, disabled."""

    def __init__(self, *args, closed=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.closed = closed

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value and str(value) in self.closed:
            option["attrs"]["disabled"] = True
        return option


class CostLineForm(forms.Form):
    """One cost line; a row left empty is no line."""

    item = forms.CharField(label=_("item"), max_length=200, required=False)
    quantity = _quantity()
    unit = forms.CharField(label=_("unit"), max_length=40, required=False)
    unit_price = _money(_("unit price (baht)"), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=CostKind.choices, initial=CostKind.MATERIAL)

    # Each column keeps a width a value can be read in; on a phone the grid scrolls sideways instead.
    WIDTHS = {"item": "13rem", "quantity": "6rem", "unit": "6rem", "unit_price": "7.5rem", "kind": "11rem"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        for name, width in self.WIDTHS.items():
            attrs = self.fields[name].widget.attrs
            attrs["style"] = f"min-width:{width}"
            attrs["class"] += " form-select-sm" if name == "kind" else " form-control-sm"

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("item", "quantity", "unit", "unit_price"))

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in ("item", "quantity", "unit", "unit_price")):
            for name in ("item", "quantity", "unit", "unit_price"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Fill in this column, or empty the whole line."))
        return data

    @property
    def amount(self):
        """The line's amount as typed (or as saved), for the page; None when it cannot be read."""
        values = {}
        for name in ("quantity", "unit_price"):
            value = self[name].value()
            if isinstance(value, str):
                value = thai.number_text(value)
            try:
                values[name] = Decimal(str(value)) if value not in (None, "") else None
            except ArithmeticError:
                values[name] = None
            if values[name] is not None and not values[name].is_finite():
                values[name] = None
        if values["quantity"] is None or values["unit_price"] is None:
            return None
        try:
            return (values["quantity"] * values["unit_price"]).quantize(Decimal("0.01"))
        except ArithmeticError:
            return None


CostLineFormSet = forms.formset_factory(CostLineForm, extra=3, max_num=100, absolute_max=200)

# The grid's own buttons (templates/grants/_cost_rows.html), named after the formset's prefix: "add a line"
# and each line's "remove" (its value the line's index). Without JavaScript they send the whole form, which
# comes back with one line more or less and nothing saved; static/js/cost_lines.js does the same in place.
ADD_LINE, REMOVE_LINE = "add_line", "remove_line"


def lines_resized(data, *, prefix: str):
    """The posted data with one more empty line, or without the line whose "remove" button was pressed;
    None when the form was sent to be saved."""
    add, remove = f"{prefix}-{ADD_LINE}", f"{prefix}-{REMOVE_LINE}"
    if add not in data and remove not in data:
        return None
    data = data.copy()
    removed = thai.whole_number(data.pop(remove, [""])[0]) if remove in data else None
    adding = data.pop(add, None) is not None and removed is None

    def line(index, name):
        return f"{prefix}-{index}-{name}"

    total = min(thai.whole_number(data.get(f"{prefix}-TOTAL_FORMS", "")) or 0, CostLineFormSet.max_num)
    initial = min(thai.whole_number(data.get(f"{prefix}-INITIAL_FORMS", "")) or 0, total)
    if adding and total < CostLineFormSet.max_num:
        data[line(total, "kind")] = CostLineForm.base_fields["kind"].initial
        total += 1
    elif removed is not None and 0 <= removed < total:
        names = list(CostLineForm.base_fields)
        for index in range(removed, total - 1):  # the lines below move up one
            for name in names:
                data.setlist(line(index, name), data.getlist(line(index + 1, name)))
        for name in names:
            data.pop(line(total - 1, name), None)
        total -= 1
        initial -= 1 if removed < initial else 0
    data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(total), str(initial)
    return data


def unchecked(form):
    """A bound form (or formset) drawn again as typed, before any check: adding or removing a line saves
    nothing, so nothing is marked wrong yet."""
    if isinstance(form, forms.BaseFormSet):
        for each in form.forms:
            unchecked(each)
        form._errors, form._non_form_errors = [each.errors for each in form.forms], form.error_class()
    else:
        form._errors = forms.utils.ErrorDict()
    return form


def cost_lines_of(formset) -> list[dict]:
    """The filled lines of a valid formset, as the service takes them."""
    return [
        {key: form.cleaned_data[key] for key in ("item", "quantity", "unit", "unit_price", "kind")}
        for form in formset.forms
        if form.cleaned_data and not form.is_blank
    ]


def cost_initial(lines) -> list[dict]:
    return [
        {"item": c.item, "quantity": c.quantity, "unit": c.unit, "unit_price": c.unit_price, "kind": c.kind}
        for c in lines
    ]


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_fields(self)
        bootstrap(self)


class MoveForm(_Form):
    to = forms.CharField(max_length=30)
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class ReviewForm(_Form):
    meeting_on = ThaiDateField(label=_("committee met on"))
    recommended_amount = _money(_("recommended amount (baht)"))
    committee_notes = forms.CharField(
        label=_("committee notes"), required=False, max_length=5000, widget=forms.Textarea
    )
    score = forms.IntegerField(label=_("committee score (0–100)"), required=False, min_value=0, max_value=100)


class ApproveForm(_Form):
    line = RecordChoiceField(
        label=_("budget line"),
        queryset=None,
        help_text=_(
            "A line marked “materials only” pays for materials only: remove durable goods and other expenses "
            "(transport, wages) from the approved lines below, or choose another line."
        ),
    )
    amount = _money(_("approved amount (baht)"))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = self.line_label

    @staticmethod
    def line_label(line) -> str:
        """The balance first (a select cuts the end), then whether the line pays for materials only."""
        values = {
            "project": line.project,
            "codes": f"{line.plan_code}-{line.work_code}-{line.type_code}",
            "available": thai.baht(line.money_available),
        }
        if line.materials_only:
            return _("%(available)s baht available · materials only · %(project)s (%(codes)s)") % values
        return _("%(available)s baht available · %(project)s (%(codes)s)") % values


class LineDecisionForm(forms.Form):
    """One cost line as the committee recommends it or the executive approves it: its quantity and unit
    price, or removed; the reason when it is not as the step before left it."""

    line = forms.IntegerField(widget=forms.HiddenInput)
    quantity = _quantity()
    unit_price = _money(_("unit price (baht)"), required=False)
    removed = forms.BooleanField(label=_("remove"), required=False)
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)

    WIDTHS = {"quantity": "5.5rem", "unit_price": "7rem", "reason": "12rem"}

    def __init__(self, *args, decided=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decided = decided  # grants.selectors.DecidedLine: the line as the step before left it
        bootstrap(self)
        for name, width in self.WIDTHS.items():
            attrs = self.fields[name].widget.attrs
            attrs["style"] = f"min-width:{width}"
            attrs["class"] += " form-control-sm"

    def clean(self):
        data = super().clean()
        if not data.get("removed"):
            for name in ("quantity", "unit_price"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Fill in this column, or tick “remove”."))
        return data


class BaseLineDecisionFormSet(forms.BaseFormSet):
    """The request's cost lines, one form each, starting from the lines as the step before left them
    (`decided`: grants.selectors.decided_lines); `shown` is what the form shows now (this step's own earlier
    decision, if any)."""

    def __init__(self, *args, decided, shown=None, **kwargs):
        self.decided, self.shown = decided, shown or decided
        kwargs["initial"] = [
            {
                "line": d.line.pk,
                # As the page shows numbers: "300", "9,000.00" (a removed line offers the asked values back).
                "quantity": _plain(d.line.quantity if d.removed else d.quantity),
                "unit_price": thai.baht(d.line.unit_price if d.removed else d.unit_price),
                "removed": d.removed,
                "reason": d.reason if d.changed and d.by == self.step else "",
            }
            for d in self.shown
        ]
        super().__init__(*args, **kwargs)

    step = ""  # the Adjuster whose decision the forms make

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["decided"] = self.decided[index] if index is not None and index < len(self.decided) else None
        return kwargs


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if value != value.to_integral() else f"{value.quantize(Decimal(1))}"


def line_decisions_formset(step: str):
    """The formset class of a step (Adjuster value): as many forms as the request has cost lines."""
    return forms.formset_factory(
        LineDecisionForm,
        formset=type("LineDecisionFormSet", (BaseLineDecisionFormSet,), {"step": step}),
        extra=0,
        max_num=200,
        absolute_max=200,
    )


def line_decisions_of(formset) -> list[dict]:
    """The lines of a valid formset, as the services take them."""
    return [
        {key: form.cleaned_data.get(key) for key in ("line", "quantity", "unit_price", "removed", "reason")}
        for form in formset.forms
        if form.cleaned_data
    ]


class DocumentForm(_Form):
    kind = forms.ChoiceField(label=_("kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("file (PDF or image)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ",".join(
                    [
                        *(f".{ext}" for ext in UPLOAD_EXTENSIONS),
                        "application/pdf",
                        "image/jpeg",
                        "image/png",
                        "image/webp",
                    ]
                )
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said before the file is chosen, from the limit the upload is checked against.
        self.fields["file"].help_text = _("PDF, JPEG, PNG or WebP, up to %(mb)s MB.") % {
            "mb": max_upload_bytes() // (1024 * 1024)
        }


class ChangeForm(_Form):
    amount = _money(_("new amount (baht)"))
    starts_on = ThaiDateField(label=_("project starts on"), required=False)
    ends_on = ThaiDateField(label=_("project ends on"), required=False)
    reason = forms.CharField(label=_("why the change"), max_length=500)
    with_lines = forms.BooleanField(label=_("change the cost lines too (the lines below)"), required=False)


class ChangeDecisionForm(_Form):
    decision = forms.ChoiceField(choices=[("approve", _("approve")), ("reject", _("reject"))])
    note = forms.CharField(label=_("note on the decision"), max_length=500, required=False)


class PaymentForm(_Form):
    amount = _money(_("amount (baht)"))
    paid_on = ThaiDateField(label=_("paid on"))
    voucher_number = forms.CharField(label=_("payment voucher number (เลขที่ฎีกา)"), max_length=60)
    transfer_reference = forms.CharField(label=_("transfer reference"), max_length=100, required=False)


class ReversalForm(_Form):
    reason = forms.CharField(label=_("why the payment is reversed"), max_length=500)


class RefundForm(_Form):
    amount = _money(_("amount (baht)"))
    refunded_on = ThaiDateField(label=_("returned on"))
    receipt_number = forms.CharField(label=_("receipt number"), max_length=60)


class TagForm(_Form):
    entries = RecordMultipleChoiceField(
        label=_("the group's expenses spent from this grant"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda e: (
            f"{thai.date_short(e.date)} · {e.description} · {thai.baht(e.amount)} {_('baht')}"
        )


class ReportForm(_Form):
    results = forms.CharField(label=_("results against the plan"), max_length=10000, widget=forms.Textarea)
    reported_on = ThaiDateField(label=_("report received on"), required=False)
