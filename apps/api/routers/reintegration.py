"""API routes of the reintegration part (issue 4)."""

from ninja import Router

router = Router()
