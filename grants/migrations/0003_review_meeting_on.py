"""The day the committee met to review a request (shown on the request's page and in the decision letter)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_job_task_id")]

    operations = [
        migrations.AddField(
            model_name="grantrequest",
            name="review_meeting_on",
            field=models.DateField(blank=True, null=True, verbose_name="committee met on"),
        ),
    ]
