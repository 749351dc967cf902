"""API routes of the referrals part (filled in with issue 3)."""

from ninja import Router

router = Router()
