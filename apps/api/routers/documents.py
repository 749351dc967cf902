"""API routes of the documents part (filled in with issue 3)."""

from ninja import Router

router = Router()
