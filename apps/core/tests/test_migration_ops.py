"""The encrypt-in-place helper of the data migrations: every plain value is encrypted (in
batches larger than one), values already encrypted stay as they are, and the reverse
direction gives the plain text back."""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from apps.clients.models import Person
from apps.core import fields as encryption
from apps.core import migration_ops
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _raw_cities():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, city FROM clients_person ORDER BY id")
        return dict(cursor.fetchall())


def _set_raw(pk, value):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE clients_person SET city = %s WHERE id = %s", [value, pk])


def test_forward_encrypts_plain_values_in_batches_and_backward_restores_them(monkeypatch):
    monkeypatch.setattr(migration_ops, "_BATCH", 3)  # seven rows: three batches
    organisation = OrganisationFactory()
    persons = [Person.objects.create(organisation=organisation, family_name=f"P{i}") for i in range(8)]
    for index, person in enumerate(persons[:7]):
        _set_raw(person.pk, f"Stadt {index}")
    already = encryption.encrypt("Schon verschlüsselt")
    _set_raw(persons[7].pk, already)
    forward, backward = migration_ops.encrypt_columns("clients", [("Person", "city")])

    editor = SimpleNamespace(connection=connection)  # all the helper uses of a schema editor
    forward(django_apps, editor)
    raw = _raw_cities()
    assert all(value.startswith(encryption.PREFIX) for value in raw.values())
    assert raw[persons[7].pk] == already  # not encrypted twice
    assert [encryption.decrypt(raw[p.pk]) for p in persons[:7]] == [f"Stadt {i}" for i in range(7)]

    backward(django_apps, editor)
    raw = _raw_cities()
    assert [raw[p.pk] for p in persons] == [*(f"Stadt {i}" for i in range(7)), "Schon verschlüsselt"]
