"""Moving every row that points at one person to another, and back.

The relations are found through `Person._meta.related_objects`, so rows of apps above
clients (cases, assessments, referrals, appointments, …) move without this module importing
them. What a merge did is returned as a plain dict (model labels, fields, ids, and for a
row removed because of a unique constraint its column values), which goes into the audit
entry "person.merged"; `undo` reads exactly that dict back.

Deliberate exceptions:
- a person's name tokens stay with the merged record (they are its names; the data protection
  officer's search finds the merged record by them);
- the duplicates app's own rows (pairs) stay where they are.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from apps.clients.models import HouseholdMember, Person

SKIPPED = {"clients.PersonNameToken"}


@dataclass(frozen=True)
class Link:
    model: type[models.Model]
    field: models.ForeignKey

    @property
    def label(self) -> str:
        return self.model._meta.label


def links() -> list[Link]:
    """Every table with a foreign key to Person (for a many-to-many, its through table)."""
    found = []
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            link = Link(through, through._meta.get_field(rel.field.m2m_reverse_field_name()))
        else:
            link = Link(rel.related_model, rel.field)
        if link.model._meta.app_label == "duplicates" or link.label in SKIPPED:
            continue
        found.append(link)
    return sorted(found, key=lambda link: (link.label, link.field.name))


def link_for(label: str, field: str) -> Link:
    for link in links():
        if link.label == label and link.field.name == field:
            return link
    raise ValidationError(_("The merge cannot be undone: a table it changed no longer exists."))


def _unique_sets(link: Link):
    """(field names, condition) of every uniqueness rule that includes the person field."""
    meta, name = link.model._meta, link.field.name
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint) and name in (constraint.fields or ()):
            yield constraint.fields, constraint.condition
    for fields in meta.unique_together:
        if name in fields:
            yield fields, None
    if link.field.unique:
        yield (name,), None


def _clash(link: Link, row, survivor_id: int):
    """The survivor's row that `row` would duplicate once moved, or None."""
    model = link.model
    for fields, condition in _unique_sets(link):
        rows = model._default_manager.all()
        if condition is not None:
            if not rows.filter(condition, pk=row.pk).exists():
                continue
            rows = rows.filter(condition)
        lookup = {model._meta.get_field(f).attname: getattr(row, model._meta.get_field(f).attname)
                  for f in fields if f != link.field.name}
        other = rows.filter(**lookup, **{link.field.attname: survivor_id}).exclude(pk=row.pk).first()
        if other is not None:
            return other
    return None


def _snapshot(link: Link, row) -> dict:
    """The removed row's columns, to recreate it on undo. Only rows without free text or
    encrypted fields are ever removed (membership, language, participation links)."""
    values = {}
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        if type(field).__name__.startswith("Encrypted") or isinstance(field, models.TextField):
            raise ValidationError(_("These persons cannot be merged automatically: both have a record of the "
                                    "same kind that cannot be combined (%(kind)s).") % {"kind": link.label})
        value = field.value_from_object(row) if not field.is_relation else getattr(row, field.attname)
        values[field.attname] = field.value_to_string(row) if not field.is_relation and value is not None \
            and not isinstance(value, bool | int | float | str) else value
    return values


def _ensure_unreferenced(row) -> None:
    for rel in row._meta.related_objects:
        if rel.many_to_many:
            continue
        if rel.related_model._default_manager.filter(**{rel.field.name: row.pk}).exists():
            raise ValidationError(_("These persons cannot be merged automatically: a record that would have to "
                                    "be removed is still in use (%(kind)s).") % {"kind": row._meta.label})


def move_all(*, merged: Person, survivor: Person) -> dict:
    """Point every row of `merged` at `survivor`. A row the survivor already has (the same
    household, the same language, the same session) is removed and recorded. Returns what
    was done, for the audit entry. Runs inside the caller's transaction."""
    moved, removed, changed, households = [], [], [], set()
    for link in links():
        # order_by("pk"): no joins from a default ordering (PostgreSQL locks no outer join).
        rows = list(link.model._default_manager.select_for_update().filter(
            **{link.field.attname: merged.pk}).order_by("pk"))
        to_move = []
        for row in rows:
            other = _clash(link, row, survivor.pk)
            if other is None:
                to_move.append(row.pk)
                continue
            _ensure_unreferenced(row)
            removed.append({"model": link.label, "field": link.field.name, "id": row.pk, "kept": other.pk,
                            "values": _snapshot(link, row)})
            row.delete()
            if link.model is HouseholdMember and row.is_principal and not other.is_principal:
                # The household keeps its principal applicant: the survivor takes the role.
                changed.append({"model": link.label, "field": link.field.name, "id": other.pk,
                                "before": {"is_principal": False, "relationship": other.relationship},
                                "after": {"is_principal": True, "relationship": row.relationship}})
                HouseholdMember.objects.filter(pk=other.pk).update(is_principal=True, relationship=row.relationship)
        if link.model is HouseholdMember:
            households |= {row.household_id for row in rows}
        if to_move:
            link.model._default_manager.filter(pk__in=to_move).update(**{link.field.attname: survivor.pk})
            moved.append({"model": link.label, "field": link.field.name, "ids": sorted(to_move)})
    return {"moved": moved, "removed": removed, "changed": changed, "households": sorted(households)}


def _refuse_changed() -> ValidationError:
    return ValidationError(_("The merge cannot be undone automatically: records it moved have been changed or "
                             "deleted since."))


def undo(*, details: dict, merged_id: int, survivor_id: int) -> list[int]:
    """Move back exactly what `move_all` recorded in `details`; refuse (nothing done, the
    caller's transaction rolls back) when a moved row no longer points at the survivor.
    Returns the ids of the households whose name tokens need rebuilding."""
    for entry in details.get("moved", []):
        link = link_for(entry["model"], entry["field"])
        rows = link.model._default_manager.filter(pk__in=entry["ids"])
        if len(rows.select_for_update().filter(**{link.field.attname: survivor_id}).order_by("pk")
               .values_list("pk", flat=True)) != len(entry["ids"]):
            raise _refuse_changed()
        rows.update(**{link.field.attname: merged_id})
    for entry in reversed(details.get("changed", [])):
        model = link_for(entry["model"], entry["field"]).model
        if not model._default_manager.filter(pk=entry["id"], **entry["after"]).update(**entry["before"]):
            raise _refuse_changed()
    for entry in details.get("removed", []):
        link = link_for(entry["model"], entry["field"])
        if link.model._default_manager.filter(pk=entry["id"]).exists():
            raise _refuse_changed()
        row = link.model(pk=entry["id"])
        for attname, value in entry["values"].items():
            field = next(f for f in link.model._meta.concrete_fields if f.attname == attname)
            setattr(row, attname, field.to_python(value) if value is not None else None)
        setattr(row, link.field.attname, merged_id)
        row.save(force_insert=True)
    return list(details.get("households", []))
