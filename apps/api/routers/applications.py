"""API routes of the applications part (issue 4)."""

from ninja import Router

router = Router()
