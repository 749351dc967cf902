"""Pin the recipient of sent referrals; mark the service types that reveal special categories;
give follow-up tasks a title that does not name the service."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.translation import gettext, override

SENSITIVE = ["medical", "psychosocial", "trafficking", "womens_protection", "addiction"]


def forwards(apps, schema_editor):
    ServiceType = apps.get_model("referrals", "ServiceType")
    Referral = apps.get_model("referrals", "Referral")
    Task = apps.get_model("cases", "Task")
    ServiceType.objects.filter(code__in=SENSITIVE).update(is_sensitive=True)
    # Until now the recipient was the service's current provider: pin it as it is today.
    for referral in Referral.objects.exclude(status="proposed").filter(
            recipient_organisation__isnull=True).select_related("service"):
        referral.recipient_organisation_id = referral.service.provider_id
        referral.save(update_fields=["recipient_organisation"])
    # Tasks are shown to everyone who reads the case; the old title named the service.
    with override(settings.LANGUAGE_CODE):
        for referral in Referral.objects.filter(follow_up_task__isnull=False).select_related(
                "service", "follow_up_task"):
            task = referral.follow_up_task
            if referral.service.name in task.title:
                task.title = gettext("Follow up referral %(number)s") % {"number": f"V-{referral.pk}"}
                task.save(update_fields=["title"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_counselling_in_depth_permissions'),
        ('cases', '0004_documents'),
        ('clients', '0004_rebuild_tokens'),
        ('referrals', '0002_default_service_types'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='recipient_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals_received', to='accounts.organisation', verbose_name='recipient'),
        ),
        migrations.AddField(
            model_name='servicetype',
            name='is_sensitive',
            field=models.BooleanField(default=False, help_text='Referrals to services of this type are shown only to users who may read sensitive information.', verbose_name='reveals special categories of data'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['recipient_organisation', '-sent_at'], name='referral_recipient'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
