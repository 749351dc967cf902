"""Helpers of the apps' privacy sources: a subject-access record's fields in words, and
scrubbing a person's names from the free text of rows that stay.

A source's `collect` builds each SubjectRecord's fields as label → value: labels are the
models' verbose names (translated once, in the catalogue), choices their labels, countries
and languages their names, yes/no in words, dates and times ISO. Everything is evaluated in
the language active when `collect` runs, so the export renders a record in each language by
collecting under `translation.override`. Empty values are left out: a blank field tells the
person nothing.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.core.models import VersionedModel
from apps.core.templatetags.returnnet import language
from apps.privacy.scrub import name_variants, scrub


def label(model, name: str) -> str:
    """The field's verbose name, capitalised ("Departure date")."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def iso(value):
    """A date as "2027-03-01", a date and time as local ISO time with its offset."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes") if timezone.is_aware(value) \
            else value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def yes_no(value) -> str:
    return _("yes") if value else _("no")


def word(instance, name: str):
    """One field of `instance` in words."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value in (None, ""):
        return None
    if getattr(field, "choices", None):  # also countries (django-countries' CountryField)
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (date, datetime)):
        return iso(value)
    if isinstance(value, Decimal):
        return str(value)
    if field.is_relation:
        return str(value)
    if name == "language" or name.endswith("_language"):
        return language(value)
    return value


def compact(fields: dict) -> dict:
    """Leave out what is empty ("", None, [])."""
    return {key: value for key, value in fields.items() if value not in (None, "", [], ())}


def fields_of(instance, names, more: dict | None = None) -> dict:
    """{verbose name: value in words} of the named fields, then `more` (already labelled);
    empty values left out."""
    model = type(instance)
    fields = {label(model, name): word(instance, name) for name in names}
    fields.update(more or {})
    return compact(fields)


def scrub_rows(rows, names, fields) -> int:
    """Replace `names` (and each of their words, see scrub.name_variants) in the text `fields`
    of every row; save only the rows that changed (encrypted fields are re-encrypted on save).
    Returns how many rows changed."""
    variants = name_variants(names)
    if not variants:
        return 0
    changed = 0
    for row in rows:
        dirty = []
        for name in fields:
            text = getattr(row, name)
            if text and (clean := scrub(text, variants)) != text:
                setattr(row, name, clean)
                dirty.append(name)
        if dirty:
            if isinstance(row, VersionedModel):
                # A form opened before the erasure must not write the names back.
                row.version += 1
                dirty.append("version")
            row.save(update_fields=dirty)
            changed += 1
    return changed


def bump(model) -> dict:
    """The extra `update()` argument that claims a new version of a versioned model's rows."""
    return {"version": F("version") + 1} if issubclass(model, VersionedModel) else {}


def ids_of(due) -> list[int]:
    """A record type's `due` result (a queryset or ids) as a list of ids."""
    if hasattr(due, "values_list"):
        return list(due.values_list("pk", flat=True))
    return [getattr(item, "pk", item) for item in due]
