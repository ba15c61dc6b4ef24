"""A payment recorded wrongly is reversed (a reversing entry with its reason), never deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0003_review_meeting_on'),
        ('groups', '0004_ledger_returned_support'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PaymentReversal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reversed_on', models.DateField(verbose_name='reversed on')),
                ('reason', models.CharField(max_length=500, verbose_name='reason for the reversal')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('ledger_entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='groups.ledgerentry')),
                ('payment', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='reversal', to='grants.payment', verbose_name='payment')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reversals', to='grants.grantrequest')),
            ],
            options={
                'verbose_name': 'payment reversal',
                'ordering': ['reversed_on', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='grant_reversal_has_reason')],
            },
        ),
    ]
