"""API routes of the tours part (issue 5)."""

from ninja import Router

router = Router()
