"""A register is declared once (model, table, filters, form, importer, services) and served by the
generic views in `registry.registers.views`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kit.policy import can
from registry.scoping import Action


class Register:
    key = ""  # URL segment, e.g. "people"; also the import KIND where there is one
    name = ""  # URL-name prefix, e.g. "person" -> registry:person_list
    model = None
    label = ""  # plural, for titles and navigation
    columns = None  # user -> [Col] (registry.registers.tables)
    filterset_class = None
    form_class = None
    import_kind = None  # None: no import for this register
    detail_template = "registry/registers/detail.html"
    detail_fields: list[str] = []
    export_name = ""

    # --- reading -----------------------------------------------------------------------------------
    def queryset(self, user, action=Action.VIEW):
        qs = self.model.objects.for_user(user, action)
        return qs.for_table() if hasattr(qs, "for_table") else qs

    # The search box's hint, and whether a full national ID typed there can find this register's records.
    search_placeholder = _("Search")
    national_id_not_applicable = _(
        "This register is not about people: a national ID number finds nothing here."
    )

    def search(self, queryset, q):
        return queryset

    def national_id_filter(self, digits: str):
        """How a full national ID finds the records of that person in this register: a condition on the
        register's queryset, or None when the register is not about people (the list then says so)."""
        return None

    def detail_context(self, obj, user):
        return {}

    def list_links(self, user) -> list[tuple[str, str, str]]:
        """More actions on the list page for this user: (URL, label, Bootstrap icon)."""
        return []

    # --- writing (services) --------------------------------------------------------------------
    def save(self, *, user, form):
        from registry.services.records import record_save

        return record_save(user=user, obj=form.instance, form=form)

    def delete(self, *, user, obj):
        from registry.services.records import record_delete

        record_delete(user=user, obj=obj)

    # --- helpers -------------------------------------------------------------------------------
    def url(self, action, *args):
        return reverse(f"registry:{self.name}_{action}", args=args)

    def can_add(self, user):
        return can(user, "registry.add", self.model)

    def can_import(self, user):
        return bool(self.import_kind) and can(user, "registry.import")
