"""Parents' contacts (kept only to ask for consent) and a short link for every consent.

Existing consents get their own short code (AddField would give every row the same one), then
the column becomes unique.
"""

import django.db.models.deletion
import django.utils.timezone
import horizons.programmes.models
from django.conf import settings
from django.db import migrations, models


def give_each_consent_a_short_code(apps, schema_editor):  # type: ignore[no-untyped-def]
    Consent = apps.get_model("programmes", "Consent")
    used: set[str] = set()
    for consent in Consent.objects.only("pk").iterator():
        code = horizons.programmes.models.new_short_code()
        while code in used:
            code = horizons.programmes.models.new_short_code()
        used.add(code)
        Consent.objects.filter(pk=consent.pk).update(short_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_mis_connection'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='last_requested_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='consent',
            name='requests_sent',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='consent',
            name='short_code',
            field=models.CharField(default=horizons.programmes.models.new_short_code, max_length=12),
        ),
        migrations.RunPython(give_each_consent_a_short_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='consent',
            name='short_code',
            field=models.CharField(default=horizons.programmes.models.new_short_code, max_length=12, unique=True),
        ),
        migrations.CreateModel(
            name='ParentContact',
            fields=[
                ('pupil', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='parent_contact', serialize=False, to='programmes.pupil')),
                ('email', models.CharField(blank=True, max_length=254)),
                ('mobile', models.CharField(blank=True, max_length=16)),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('email', ''), _negated=True), models.Q(('mobile', ''), _negated=True), _connector='OR'), name='parent_contact_has_an_address')],
            },
        ),
    ]
