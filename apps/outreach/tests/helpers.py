"""Builders for tests of outreach (through the services, like the views)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.outreach import services

# The smallest valid PDF header filetype recognises, with some body.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
             b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def pdf_upload(name="flyer.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_material(actor, organisation, *, title="Rückkehrberatung (Flyer)", published=True, texts=None, **data):
    material = services.material_create(actor=actor, organisation=organisation, data={
        "title": title, "kind": "flyer", "target_group": "general", "published": published} | data)
    for language, (heading, body) in (texts or {}).items():
        services.material_text_set(actor=actor, material=material, language=language, title=heading, body=body,
                                   expected_version=material.version)
        material.refresh_from_db()
    return material


def make_campaign(actor, organisation, *, code="herbst", days_before=1, days_after=30, materials=(), **data):
    today = timezone.localdate()
    data = {"name": "Herbstkampagne", "code": code, "channel": "social_media", "platform": "Instagram",
            "starts_on": today - timedelta(days=days_before), "ends_on": today + timedelta(days=days_after),
            "languages": ["ar", "fa", "de"], "target_group": "general", "budget": "1500.00"} | data
    return services.campaign_create(actor=actor, organisation=organisation, data=data, materials=materials)
