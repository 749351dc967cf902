"""API routes of the disclosures part (issue 4)."""

from ninja import Router

router = Router()
