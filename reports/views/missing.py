"""What is missing (step 17 of the provincial guideline): the table of districts × kinds for a fiscal year,
and the list behind each count. Both start from the user's `for_user` querysets
(reports/selectors/missing.py): a district outside the user's area, or an unknown kind, is a 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from reports.forms.assessments import YearRoundForm
from reports.selectors import missing as selectors

PAGE_SIZE = 50


@login_required
def table(request):
    """Every kind counted per district of the user's area (?year= the fiscal year, B.E.;
    junk gives this year)."""
    year, _round = YearRoundForm(request.GET).values()
    return render(
        request,
        "reports/missing/table.html",
        {
            "table": selectors.missing_table(user=request.user, fiscal_year=year, today=timezone.localdate()),
        },
    )


@login_required
def records(request, district, kind):
    """The records behind one count: the same kind, district and fiscal year,
    each linking to where it is fixed."""
    found = selectors.kind_of(kind)
    area = selectors.districts_for(request.user).filter(pk=district).first()
    if found is None or area is None:
        raise Http404
    year, _round = YearRoundForm(request.GET).values()
    queryset = selectors.missing_records(
        user=request.user, kind=found, district=area, fiscal_year=year, today=timezone.localdate()
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/missing/list.html",
        {
            "kind": found,
            "district": area,
            "fiscal_year": year,
            "page_obj": page,
            "rows": selectors.rows_of(found, page, year),
        },
    )
