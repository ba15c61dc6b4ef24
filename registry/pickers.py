"""One picker for a person or a household, for every form that chooses one.

A select of every name in the office does not scale (thousands in a real TAO) and cannot tell namesakes apart.
The picker is a search box: typing asks one scoped endpoint (`registry:pick`, by POST so a typed national ID
never reaches a URL) for the office's own people or households, shown as radio buttons with the masked
national ID and the village. The radio's value is the record's pk, so the form receives exactly what a select
would have sent.

Without JavaScript the picker's "search" button submits the whole form; the form then shows the matches
instead of saving (`PickerFormMixin`), and the officer chooses one and saves.

Not django-select2 or django-autocomplete-light: both search by GET (a typed national ID would land in URLs
and access logs) and bring jQuery with inline set-up script, which the Content-Security-Policy forbids;
htmx is already here.
"""

import json
import re
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from kit import thai
from kit.fields import RecordChoiceField
from registry.scoping import Action

MIN_CHARS = 2
LIMIT = 10
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def pk_or_none(value):
    """A posted pk as an int, or None when it is not one a 64-bit column can hold
    (junk is not a server error)."""
    return thai.whole_number(str(value or ""))


@dataclass(frozen=True)
class PickKind:
    """What one kind of picker searches and how its results read. `params` name the values (besides the
    search) that narrow its records, sent by the page with each search (e.g. a fiscal year)."""

    name: str
    min_chars: int = MIN_CHARS
    params: tuple = ()
    template_kind: str = ""

    def queryset(self, user, params=None):
        raise NotImplementedError

    def search(self, queryset, q):
        raise NotImplementedError

    def in_village(self, queryset, village_pk):
        return queryset.filter(village_id=village_pk)


class PersonKind(PickKind):
    def queryset(self, user, params=None):
        from registry.models import Person

        return Person.objects.for_user(user, Action.CHANGE).select_related("village")

    def search(self, queryset, q):
        from registry.selectors import people_search

        return people_search(queryset, q, by_national_id=True).order_by("first_name", "last_name", "pk")


class HouseholdKind(PickKind):
    def queryset(self, user, params=None):
        from registry.models import Household

        return Household.objects.for_user(user, Action.CHANGE).select_related("village", "head")

    def search(self, queryset, q):
        from kit import thai

        q = q.strip()
        digits = thai.national_id_digits(q)
        if len(digits) == 13 and len(q.replace("-", "").replace(" ", "")) == 13:
            return queryset.filter(Q(head__national_id=digits) | Q(members__national_id=digits)).distinct()
        condition = Q()
        for word in q.split():
            condition &= (
                Q(house_number__istartswith=word)
                | Q(head__first_name__icontains=word)
                | Q(head__last_name__icontains=word)
            )
        return queryset.filter(condition).order_by("village__code", "house_number", "pk")


class MenteeKind(HouseholdKind):
    """Target households of a fiscal year that have no instructor yet (the mentoring screen)."""

    def queryset(self, user, params=None):
        year = pk_or_none((params or {}).get("fiscal_year"))
        if year is None or not 2500 <= year <= 2700:
            return super().queryset(user).none()
        return (
            super()
            .queryset(user)
            .filter(target_selections__fiscal_year=year)
            .exclude(mentorships__fiscal_year=year)
        )


KINDS = {
    kind.name: kind
    for kind in (
        PersonKind("person"),
        HouseholdKind("household", min_chars=1),
        MenteeKind("mentee", min_chars=1, params=("fiscal_year",), template_kind="household"),
    )
}


def pick_results(
    *, user, kind: PickKind, q: str, current=None, follows_village=False, village=None, params=None
) -> dict:
    """The chosen record if still in scope, and up to LIMIT others matching `q`, as template context.

    A picker that follows a village (a person's household) offers only that village's records, all of them
    listed before anything is typed, and nothing until a village is chosen."""
    q = (q or "").strip()
    found = {
        "chosen": None,
        "results": [],
        "too_short": len(q) < kind.min_chars,
        "needs_village": False,
        "q": q,
        "searched": bool(q),
        "limit": LIMIT,
        "min_chars": kind.min_chars,
        "kind": kind.template_kind or kind.name,
    }
    if (
        user is None
    ):  # a picker drawn by a form that did not set it up: nothing to offer rather than everything
        return found
    queryset = kind.queryset(user, params)
    if follows_village:
        village_pk = pk_or_none(village)
        if village_pk is None:
            found["needs_village"] = True
            return found
        queryset = kind.in_village(queryset, village_pk)
    current_pk = pk_or_none(current)
    found["chosen"] = queryset.filter(pk=current_pk).first() if current_pk else None
    if (follows_village or kind.params) and not q:  # a short list: shown before anything is typed
        results = queryset.order_by("village__code", "house_number", "pk")
        found["too_short"] = False
    elif found["too_short"]:
        return found
    else:
        results = kind.search(queryset, q)
    if found["chosen"]:
        results = results.exclude(pk=found["chosen"].pk)
    found["results"] = list(results[:LIMIT])
    return found


class PickerWidget(forms.Widget):
    """A search box with its results as radio buttons (components/picker.html)."""

    template_name = "components/picker.html"

    class Media:
        js = ("js/picker.js",)

    def __init__(self, kind="person", village_field=None, attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.village_field = village_field
        self.params = {}  # the kind's narrowing values, e.g. {"fiscal_year": 2569}
        self.user = None  # set by PickerFormMixin
        self.query = ""  # what was typed, when the form came back for a search without JavaScript
        self.village = None  # the form's village value, for a household picker that follows it
        self.choices = ()  # set by the field (its scoped queryset)

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.choices = self.choices
        return obj

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def id_for_label(self, id_):
        return f"{id_}__q" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (components/), not only Django's form templates.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        found = pick_results(
            user=self.user,
            kind=KINDS[self.kind],
            q=self.query,
            current=value,
            follows_village=bool(self.village_field),
            village=self.village,
            params=self.params,
        )
        queryset = getattr(self.choices, "queryset", None)
        if found["chosen"] is None and pk_or_none(value) and queryset is not None:
            # A record's current choice outside the picker's narrower list (a household of another village) is
            # still shown, checked: a save then says what is wrong instead of silently clearing it.
            found["chosen"] = queryset.filter(pk=pk_or_none(value)).select_related("village").first()
        context.update(
            found,
            name=name,
            widget_id=widget_id,
            pick_url=reverse("registry:pick", args=[self.kind]),
            village_field=self.village_field,
            optional=not self.is_required,
            hx_vals=hx_vals(name, self.village_field, optional=not self.is_required, params=self.params),
            css_class=context["widget"]["attrs"].get("class", ""),
        )
        return context


def hx_vals(name, village_field, *, optional, params=None):
    """What the picker tells the endpoint besides the form's own values (htmx's hx-vals, JSON)."""
    vals = {"field": name, **{key: str(value) for key, value in (params or {}).items()}}
    if village_field:
        vals["village_field"] = village_field
    if optional:
        vals["optional"] = "1"
    return json.dumps(vals)


def render_results(
    request, *, kind_name: str, field: str, q: str, current, village_field: str | None, optional: bool
):
    """The endpoint's answer: the results box of one picker."""
    kind = KINDS[kind_name]
    found = pick_results(
        user=request.user,
        kind=kind,
        q=q,
        current=current,
        follows_village=bool(village_field),
        village=request.POST.get(village_field) if village_field else None,
        params={key: request.POST.get(key) for key in kind.params},
    )
    return render_to_string(
        "components/_picker_results.html",
        {**found, "name": field, "widget_id": f"id_{field}", "optional": optional},
        request=request,
    )


class PickField(RecordChoiceField):
    """A record choice drawn as a picker. A pk that is not a 64-bit integer is an invalid choice,
    not an error."""

    def __init__(self, kind, *, queryset, village_field=None, **kwargs):
        kwargs.setdefault("widget", PickerWidget(kind=kind, village_field=village_field))
        super().__init__(queryset=queryset, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.choices = self.choices

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class PickerFormMixin:
    """Gives each PickField's widget the user and what was typed; a form sent by a picker's "search" button
    (no JavaScript) shows the matches instead of being saved or showing errors."""

    PICK_BUTTON = "_pick"

    def setup_pickers(self, user):
        for name, field in self.fields.items():
            if not isinstance(field, PickField):
                continue
            widget = field.widget
            widget.user = user
            if self.is_bound:
                widget.query = str(self.data.get(f"{name}__q", ""))[:100]
                if widget.village_field:
                    widget.village = self.data.get(widget.village_field, "")
            elif widget.village_field:
                instance = getattr(self, "instance", None)
                widget.village = self.initial.get(widget.village_field) or getattr(
                    instance, f"{widget.village_field}_id", None
                )

    @property
    def picking(self) -> bool:
        return self.is_bound and self.data.get(self.PICK_BUTTON) in self.fields

    def full_clean(self):
        if self.picking:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.picking and super().is_valid()
