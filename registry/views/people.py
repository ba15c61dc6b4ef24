"""Personal-data views: the logged "show national ID" action and the admins' log of it;
the needs survey summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from kit import thai
from kit.policy import require
from registry.models import NationalIdReveal, Person
from registry.pdpa import may_see_national_ids
from registry.registers.forms import PersonMoveForm, RevealForm
from registry.scoping import Action
from registry.selectors import needs_summary as needs_summary_of
from registry.selectors import office_moves, person_registered_elsewhere
from registry.services.people import person_move


@never_cache
@require_POST
@login_required
@sensitive_variables("number")
def reveal_national_id(request, pk):
    """Show one person's full national ID after the user gives a reason; the view is logged."""
    if not may_see_national_ids(request.user):
        raise Http404
    person = get_object_or_404(Person.objects.for_user(request.user, Action.CHANGE), pk=pk)
    require(request.user, "registry.change", person)  # the office that keeps the record, as its page offers
    form = RevealForm(request.POST)
    number = None
    if form.is_valid():
        NationalIdReveal.objects.create(person=person, user=request.user, reason=form.cleaned_data["reason"])
        number = thai.national_id_format(person.national_id)
    return render(
        request, "registry/registers/reveal.html", {"person": person, "form": form, "number": number}
    )


MOVE_PREFILL = ("national_id", "village", "house_number")


@never_cache
@login_required
@sensitive_post_parameters("national_id")
def move_person(request):
    """Bring the record of a person registered by another office to this office, where they now live. The
    other office's record shows nothing but the office's name until the move is confirmed."""
    require(request.user, "registry.move_person")
    holders = None
    if request.method == "POST" and "prefill" in request.POST:
        # From the "add a person" form: the number and the new address as already typed.
        form = PersonMoveForm(user=request.user, initial={k: request.POST.get(k, "") for k in MOVE_PREFILL})
    elif request.method == "POST":
        form = PersonMoveForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = person_move(
                    user=request.user,
                    national_id=data["national_id"],
                    village=data["village"],
                    house_number=data["house_number"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("%(person)s's record was moved to your office.") % {"person": person}
                )
                return redirect(person.get_absolute_url())
    else:
        form = PersonMoveForm(user=request.user)
    number = thai.national_id_digits(form["national_id"].value())
    if thai.national_id_is_valid(number):
        holders = person_registered_elsewhere(user=request.user, national_id=number)
    return render(request, "registry/registers/person_move.html", {"form": form, "holders": holders})


@login_required
def moves_log(request):
    """The office's own log of people moved in and out (the records moved out are no longer visible here)."""
    require(request.user, "registry.move_person")
    page = Paginator(office_moves(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "registry/registers/person_moves.html", {"page_obj": page})


@login_required
def reveal_log(request):
    require(request.user, "registry.reveal_log")
    entries = NationalIdReveal.objects.select_related("person", "user", "user__office")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "registry/reveal_log.html", {"page_obj": page})


@login_required
def needs_summary(request):
    """ "What do people here want to learn": wanted occupations counted per village, in the database."""
    year = request.GET.get("year")
    summary = needs_summary_of(user=request.user, year=thai.whole_number(year))
    return render(
        request,
        "registry/needs_summary.html",
        {
            "summary": summary,
            "villages": summary.villages,
            "totals": summary.totals,
            "years": summary.years,
            "year": year,
        },
    )
