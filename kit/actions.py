"""Pages that carry a record through many small changes (a training, an occupation group): each POST names one
action; the page parses it, calls one service, and redirects back to the card with the result as a message.

    ACTIONS = PageActions()

    @ACTIONS("meeting")
    def _meeting(request, group, attempt):     # returns a success message, or None for "Saved."
        data = form_data(attempt.form("meeting_form", MeetingForm(request.POST, group=group)))
        ...

    @ACTIONS("ledger_remove", confirm=lambda request, group, attempt: Confirm(_("Remove ...?")))
    def _ledger_remove(request, group, attempt): ...

    if request.method == "POST":
        return ACTIONS.dispatch(
            request,
            group,
            allowed=lambda name: can(request.user, f"groups.{name}", group),
            render_page=lambda attempt: render(...),
        )

A refused action does not redirect: the page is drawn again with the bound forms the handler read (so nothing
typed is lost), its fields or grid cells marked, and the errors at the top of that form
(`attempt.errors_of.<action>`). Each form posts to `#<anchor>`, so the browser shows the card it was sent
from, errors in view. An action registered with `confirm` is asked about first, on a page of its own (no
script needed), and runs when that page posts the same fields back with `confirmed=1`.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kit import thai


@dataclass
class Confirm:
    """The question asked before a destructive action, and the label of the button that goes ahead."""

    question: str
    button: str = gettext_lazy("Yes, remove")
    detail: str = ""


class Attempt:
    """One posted action while it runs: the bound forms and grid values it read, and,
    if refused, its errors."""

    def __init__(self, name: str, anchor: str):
        self.name, self.anchor = name, anchor
        self.forms = {}  # page context name -> bound form, drawn instead of the empty one
        self.errors = []  # shown at the top of the action's form
        self.cells = {}  # input name -> [messages], for grids that are not Django forms
        self.values = {}  # input name -> the text typed, for those grids
        self.row = (
            None  # the row of a list whose own small form was sent (a follow-up visit, a member leaving)
        )
        self.marked = []  # the bound forms drawn again with each field's errors beside it

    def form(self, key: str, form, *, marked: bool = True):
        """Remember the bound form under its name in the page's context; returns it. `marked=False` for a form
        the page writes by hand (a row's small form), whose fields do not show their own errors."""
        self.forms[key] = form
        if marked:
            self.marked.append(form)
        return form

    @property
    def errors_of(self) -> dict:
        """{action name: errors}: templates read `attempt.errors_of.<action>` next to each form."""
        return {self.name: self.errors}

    @property
    def row_of(self) -> dict:
        """{action name: row id}: templates find the row whose own small form
        was sent (`attempt.row_of.<action>`)."""
        return {self.name: self.row}


class FormInvalid(ValidationError):
    """A form's own checks failed: its fields carry the messages, drawn next to each field."""

    def __init__(self, form):
        for name in form.errors:  # marked for the eye and for screen readers where the form is drawn again
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["class"] = " ".join([*attrs.get("class", "").split(), "is-invalid"])
                attrs["aria-invalid"] = "true"
        super().__init__(
            [
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                for f, e in form.errors.items()
            ]
        )
        self.form = form


class PageActions(dict):
    """Action name -> (handler(request, obj, attempt), confirm);
    `dispatch` runs one and redirects to its card."""

    def __call__(self, name, *, confirm=None):
        def register(func):
            self[name] = (func, confirm)
            return func

        return register

    def dispatch(self, request, obj, *, allowed, render_page):
        """`allowed(name)` is the policy's Decision for this user and that action here (a refusal is a 403
        page with its reason; an unknown action a 404);
        `render_page(attempt)` draws the page again around a refused attempt."""
        name = request.POST.get("action", "")
        handler, confirm = self.get(name, (None, None))
        if handler is None:
            raise Http404
        decision = allowed(name)
        if not decision:
            raise PermissionDenied(decision.reason)
        anchor = request.POST.get("anchor", "")
        anchor = anchor if anchor.replace("-", "").isalnum() else ""
        attempt = Attempt(name, anchor)
        try:
            if confirm is not None and request.POST.get("confirmed") != "1":
                return _confirm_page(request, obj, confirm(request, obj, attempt), anchor)
            message = handler(request, obj, attempt)
        except FormInvalid as exc:  # services are all-or-nothing: nothing was saved
            if not any(form is exc.form for form in attempt.marked):
                attempt.errors = (
                    exc.messages
                )  # fields that do not show their errors: each label with its errors
            else:
                attempt.errors = [_("Nothing was saved: correct the marked fields.")]
                if not hasattr(exc.form, "helper"):  # crispy draws a form's own errors itself
                    attempt.errors += exc.form.non_field_errors()
        except ValidationError as exc:
            attempt.errors = exc.messages
        else:
            messages.success(request, message or _("Saved."))
            return redirect(f"{request.path}#{anchor}" if anchor else request.path)
        return render_page(attempt)


def _confirm_page(request, obj, confirm: Confirm, anchor: str):
    """Ask before going ahead: the same fields are posted again, with `confirmed=1`."""
    fields = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", "confirmed")
        for value in values
    ]
    back = f"{request.path}#{anchor}" if anchor else request.path
    return render(
        request,
        "components/confirm_action.html",
        {"record": obj, "confirm": confirm, "fields": fields, "back": back},
    )


def posted_id(request, name: str = "id") -> int:
    """A row id from the POST body; anything else is a 404, never a server error."""
    value = thai.whole_number(request.POST.get(name, ""))
    if value is None:  # beyond a database integer is no row of ours either
        raise Http404
    return value


def form_data(form) -> dict:
    """The form's cleaned data, or FormInvalid (a ValidationError listing each field's label
    with its errors)."""
    if not form.is_valid():
        raise FormInvalid(form)
    return form.cleaned_data


def cell_errors(exc: ValidationError, name) -> dict:
    """{input name: [messages]} from a service's ValidationError keyed by grid cell;
    `name(key)` names the input."""
    if not hasattr(exc, "error_dict"):
        return {}
    return {
        name(key): [m for error in errors for m in error.messages] for key, errors in exc.error_dict.items()
    }
