"""Pages that carry a record through many small changes (a training, an occupation group): each POST names one
action; the page parses it, calls one service, and redirects back with the result or the errors as messages.

    ACTIONS = PageActions()

    @ACTIONS("meeting")
    def _meeting(request, group): ...          # returns a success message, or None for "Saved."

    if request.method == "POST":
        return ACTIONS.dispatch(request, group, allowed=can_change or ...)
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from registry import thai


class PageActions(dict):
    """Action name -> handler(request, obj); `dispatch` runs one and redirects back to the page's section."""

    def __call__(self, name):
        def register(func):
            self[name] = func
            return func
        return register

    def dispatch(self, request, obj, *, allowed):
        """`allowed(name) -> bool` says whether this user may run that action here (else 404, as out of scope)."""
        name = request.POST.get("action", "")
        handler = self.get(name)
        if handler is None or not allowed(name):
            raise Http404
        try:
            message = handler(request, obj)
        except ValidationError as exc:  # services are all-or-nothing: nothing was saved
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, message or _("Saved."))
        anchor = request.POST.get("anchor", "")
        return redirect(f"{request.path}#{anchor}" if anchor.replace("-", "").isalnum() else request.path)


def posted_id(request, name: str = "id") -> int:
    """A row id from the POST body; anything else is a 404, never a server error."""
    value = thai.whole_number(request.POST.get(name, ""))
    if value is None:
        raise Http404
    return value


def form_data(form) -> dict:
    """The form's cleaned data, or a ValidationError listing each field's label with its errors."""
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                               for f, e in form.errors.items()])
    return form.cleaned_data
