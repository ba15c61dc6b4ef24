"""Is this province ready? The table of provinces × gaps, the list behind each count (registry/readiness)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from kit.policy import require
from registry import readiness

PAGE_SIZE = 50


@login_required
def table(request):
    require(request.user, "registry.readiness")
    return render(
        request,
        "registry/readiness/table.html",
        {"rows": readiness.readiness_table(user=request.user), "gaps": readiness.GAPS},
    )


@login_required
def records(request, province, gap):
    require(request.user, "registry.readiness")
    found = readiness.gap_of(gap)
    area = readiness.provinces_for(request.user).filter(pk=province).first()
    if found is None or area is None:
        raise Http404
    page = Paginator(readiness.gap_records(gap=found, province=area), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "registry/readiness/list.html",
        {"gap": found, "province": area, "page_obj": page, "may_edit": request.user.is_admin},
    )
