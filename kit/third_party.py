"""Thai names for the third-party apps the administrator sees in the admin (named so in INSTALLED_APPS).

django_tasks_db calls its app "Tasks Database Backend" and django-axes "Axes", neither through gettext; the
admin's index and breadcrumbs show an app's `verbose_name`, so each gets a Thai one here.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDbConfig(TasksAppConfig):
    verbose_name = _("Background jobs")


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in throttling")
