"""The one endpoint every person and household picker asks (registry/pickers.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from registry.pickers import FIELD_NAME, KINDS, render_results


@login_required
@require_POST
@sensitive_post_parameters()
def pick(request, kind):
    """Search-as-you-type results of one picker: the office's own records only, by POST (a typed national ID
    never reaches a URL). htmx sends the whole form the picker is in; `field` names the picker."""
    field = request.POST.get("field", "")
    if kind not in KINDS or not FIELD_NAME.match(field):
        raise Http404
    village_field = request.POST.get("village_field", "")
    return HttpResponse(
        render_results(
            request,
            kind_name=kind,
            field=field,
            q=str(request.POST.get(f"{field}__q", ""))[:100],
            current=request.POST.get(field),
            optional=request.POST.get("optional") == "1",
            village_field=village_field if FIELD_NAME.match(village_field) else None,
        )
    )
