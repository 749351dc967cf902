"""API routes of the appointments part (issue 5)."""

from ninja import Router

router = Router()
