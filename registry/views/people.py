"""Personal-data views: the logged "show national ID" action and the admins' log of it; the needs survey summary."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from registry import thai
from registry.models import NationalIdReveal, Person, WantedOccupation
from registry.pdpa import may_see_national_ids
from registry.registers.forms import RevealForm
from registry.scoping import Action, Role


@never_cache
@require_POST
@login_required
@sensitive_variables("number")
def reveal_national_id(request, pk):
    """Show one person's full national ID after the user gives a reason; the view is logged."""
    if not may_see_national_ids(request.user):
        raise Http404
    person = get_object_or_404(Person.objects.for_user(request.user, Action.CHANGE), pk=pk)
    form = RevealForm(request.POST)
    number = None
    if form.is_valid():
        NationalIdReveal.objects.create(person=person, user=request.user, reason=form.cleaned_data["reason"])
        number = thai.national_id_format(person.national_id)
    return render(request, "registry/registers/reveal.html", {"person": person, "form": form, "number": number})


@login_required
def reveal_log(request):
    if request.user.role != Role.ADMIN:
        raise Http404
    entries = NationalIdReveal.objects.select_related("person", "user", "user__office")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "registry/reveal_log.html", {"page_obj": page})


@login_required
def needs_summary(request):
    """"What do people here want to learn": wanted occupations counted per village, in the database."""
    wanted = WantedOccupation.objects.for_user(request.user)
    year = request.GET.get("year")
    if thai.whole_number(year) is not None:
        wanted = wanted.filter(survey_year=thai.whole_number(year))
    rows = (wanted.values("person__village", "person__village__code", "person__village__number",
                          "person__village__name", "occupation__name", "occupation__category")
            .annotate(people=Count("person", distinct=True), top_priority=Min("priority"))
            .order_by("person__village__code", "-people", "occupation__name"))
    villages = {}
    for row in rows:
        village = villages.setdefault(row["person__village__code"], {
            "code": row["person__village__code"], "number": row["person__village__number"],
            "name": row["person__village__name"], "wants": []})
        village["wants"].append(row)
    totals = (wanted.values("occupation__name").annotate(people=Count("person", distinct=True))
              .order_by("-people", "occupation__name")[:10])
    years = (WantedOccupation.objects.for_user(request.user).exclude(survey_year=None)
             .values_list("survey_year", flat=True).distinct().order_by("-survey_year"))
    return render(request, "registry/needs_summary.html", {
        "villages": villages.values(), "totals": totals, "years": years, "year": year})
