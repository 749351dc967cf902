from django.db import migrations

# Permissions introduced with assessments, referrals and the directories (issue 3),
# added to the default roles of existing installations without removing anything an
# administrator granted since.
ADDED = {
    "counsellor": ["case.sensitive.read"],
    "team_lead": ["case.sensitive.read", "directory.manage"],
    "network_coordinator": ["directory.manage"],
    "authority_counsellor": ["referral.submit", "referral.receive"],
    "partner_staff": ["referral.submit", "referral.receive"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])
    Role.objects.get_or_create(code="network_admin", defaults={
        "name": "Netzwerkadministration", "name_en": "Network administrator",
        "permissions": ["directory.manage", "taxonomy.manage"],
    })


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
