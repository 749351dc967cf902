"""Demo content of the apps built on cases: assessments, documents, referrals, country
information. Each app seeds its own part (apps/<app>/demo.py, `seed(network) -> int`),
idempotently, after the cases exist."""

import importlib

from django.db import transaction

from apps.demo.network import DemoNetwork

SEEDERS = [
    ("assessments", "apps.assessments.demo"),
    ("documents", "apps.cases.demo_documents"),
    ("referrals", "apps.referrals.demo"),
    ("country information", "apps.countryinfo.demo"),
    ("programmes", "apps.programmes.demo"),
    ("disclosures", "apps.disclosures.demo"),
    ("applications", "apps.applications.demo"),
    ("reintegration", "apps.reintegration.demo"),
    ("mobile counselling", "apps.mobile.demo"),
    ("tour planning", "apps.tours.demo"),
    ("district locations", "apps.demo.district_locations"),
    ("appointments", "apps.appointments.demo"),
    ("hotline", "apps.hotline.demo"),
    ("portal texts", "apps.portal.demo"),
    ("outreach", "apps.outreach.demo"),
    ("network", "apps.demo.network_demo"),
    ("events", "apps.demo.events_demo"),
    ("data protection", "apps.demo.privacy_demo"),
    ("duplicate review", "apps.duplicates.demo"),
]


def seed_extras(network: DemoNetwork) -> dict[str, int]:
    """Rows created per part; 0 everywhere on a second run."""
    created = {}
    for label, module in SEEDERS:
        with transaction.atomic():
            created[label] = importlib.import_module(module).seed(network)
    return created
