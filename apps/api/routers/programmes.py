"""API routes of the programmes part (issue 4)."""

from ninja import Router

router = Router()
