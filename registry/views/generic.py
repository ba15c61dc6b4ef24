"""The views every area-bound page is built from. Each starts from `Model.objects.for_user()`."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from registry.scoping import Action, user_can


class ScopedMixin(LoginRequiredMixin):
    """Limits the queryset to the user's area for this view's action; out of scope means 404."""

    model = None
    action = Action.VIEW

    def get_queryset(self):
        if not user_can(self.request.user, self.action, self.model):
            raise Http404
        return self.base_queryset().for_user(self.request.user, self.action)

    def base_queryset(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = user_can(self.request.user, Action.CHANGE, self.model)
        context["opts"] = self.model._meta
        return context


class ScopedListView(ScopedMixin, generic.ListView):
    paginate_by = 25


class ScopedDetailView(ScopedMixin, generic.DetailView):
    pass


class ServiceFormMixin:
    """Create/edit through one service function; its ValidationError lands on the form."""

    action = Action.CHANGE
    success_message = _("Saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ScopedCreateView(ServiceFormMixin, ScopedMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(request.user, Action.CHANGE, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateView(ServiceFormMixin, ScopedMixin, generic.UpdateView):
    pass


class ScopedDeleteView(ScopedMixin, generic.DeleteView):
    action = Action.CHANGE
    success_message = _("Deleted.")

    def delete_object(self, obj):
        raise NotImplementedError

    def form_valid(self, form):
        obj = self.get_object()
        try:
            self.delete_object(obj)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.request.path)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
