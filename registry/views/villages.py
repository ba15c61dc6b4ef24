from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from kit import panels
from registry.forms import VillageFilterForm, VillageForm
from registry.models import Village
from registry.services.areas import village_delete, village_save
from registry.views.generic import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)


class VillageMixin:
    model = Village

    def base_queryset(self):
        return Village.objects.with_areas()

    def get_success_url(self):
        return reverse("registry:village_detail", args=[self.object.pk])


class VillageListView(VillageMixin, ScopedListView):
    template_name = "registry/village_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        self.filter_form = VillageFilterForm(self.request.GET or None, user=self.request.user)
        if self.filter_form.is_valid():
            if q := self.filter_form.cleaned_data["q"].strip():
                qs = qs.filter(
                    Q(name__icontains=q) | Q(sub_district__name_th__icontains=q) | Q(code__startswith=q)
                )
            if sub := self.filter_form.cleaned_data["sub_district"]:
                qs = qs.filter(sub_district=sub)
        return qs.order_by("code")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class VillageDetailView(VillageMixin, ScopedDetailView):
    template_name = "registry/village_detail.html"

    def get_context_data(self, **kwargs):
        # other apps' notes on the village (kit/panels.py): e.g. its sufficiency-economy assessment
        return super().get_context_data(
            panels=panels.fragments("registry.village", request=self.request, obj=self.object), **kwargs
        )


class VillageCreateView(VillageMixin, ScopedCreateView):
    form_class = VillageForm
    template_name = "registry/village_form.html"
    success_message = _("The village was saved.")

    def save(self, form):
        return village_save(user=self.request.user, village=form.instance)


class VillageUpdateView(VillageMixin, ScopedUpdateView):
    form_class = VillageForm
    template_name = "registry/village_form.html"
    success_message = _("The village was saved.")

    def save(self, form):
        return village_save(user=self.request.user, village=form.instance)


class VillageDeleteView(VillageMixin, ScopedDeleteView):
    template_name = "registry/confirm_delete.html"
    success_url = reverse_lazy("registry:village_list")
    success_message = _("The village was deleted.")

    def delete_object(self, obj):
        village_delete(user=self.request.user, village=obj)
