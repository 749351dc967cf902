"""The service types a fresh installation starts with (loaded by a data migration)."""

# code, German name, English name
DEFAULT_SERVICE_TYPES = [
    ("legal_advice", "Rechtsberatung", "Legal advice"),
    ("asylum_procedure", "Asylverfahrensberatung", "Asylum-procedure counselling"),
    ("medical", "Medizinische Versorgung", "Medical care"),
    ("psychosocial", "Psychosoziale Beratung / Trauma", "Psychosocial / trauma"),
    ("trafficking", "Fachberatung Menschenhandel", "Trafficking counselling"),
    ("womens_protection", "Frauenschutz", "Women's protection"),
    ("child_youth_welfare", "Kinder- und Jugendhilfe", "Child and youth welfare"),
    ("debt", "Schuldnerberatung", "Debt counselling"),
    ("addiction", "Suchtberatung", "Addiction counselling"),
    ("housing", "Wohnen", "Housing"),
    ("other", "Sonstiges", "Other"),
]
# A referral to a service of these types reveals special categories of data (health,
# trauma, addiction, trafficking, violence).
SENSITIVE_SERVICE_TYPES = frozenset({"medical", "psychosocial", "trafficking", "womens_protection", "addiction"})


def ensure_service_types(service_type_model=None) -> int:
    """Create missing default types (idempotent); returns how many were created."""
    if service_type_model is None:
        from apps.referrals.models import ServiceType as service_type_model
    # A historical model (migration 0002) predates is_sensitive; migration 0003 marks those rows.
    has_flag = any(f.name == "is_sensitive" for f in service_type_model._meta.get_fields())
    created = 0
    for order, (code, name, name_en) in enumerate(DEFAULT_SERVICE_TYPES):
        flag = {"is_sensitive": code in SENSITIVE_SERVICE_TYPES} if has_flag else {}
        _obj, new = service_type_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order, **flag})
        created += new
    return created
