"""API routes of the countryinfo part (filled in with issue 3)."""

from ninja import Router

router = Router()
