"""API routes of the mobile part (issue 5)."""

from ninja import Router

router = Router()
