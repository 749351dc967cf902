"""API routes of the assessments part (filled in with issue 3)."""

from ninja import Router

router = Router()
