from django.db import migrations, models
from django.utils import timezone


def memberships_inactive_since_now(apps, schema_editor):
    """The time of an earlier deactivation is not known: the retention period of these
    accounts starts with this migration (never earlier than it could have)."""
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.filter(is_active=False, deactivated_at__isnull=True).update(deactivated_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_privacy_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='membership',
            name='deactivated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='deactivated'),
        ),
        migrations.RunPython(memberships_inactive_since_now, migrations.RunPython.noop),
    ]
