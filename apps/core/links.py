"""Absolute links that leave the application: in e-mails, SMS, QR codes, flyers and printed sheets.

They point to settings.SITE_URL, the address clients and staff reach ReturnNet under, never
to the host a back-office page happened to be opened under (an internal name, a port of a
tunnel, "localhost" on the counsellor's laptop): a printed QR code or a reminder's link
must still work when it is read.
"""

from django.conf import settings


def site_url() -> str:
    """Scheme and host (and path prefix, if any) without the trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (from reverse(), starting with "/") under SITE_URL."""
    return site_url() + path


def site_url_of(_request=None) -> str:
    """site_url() for code that used to take the request's host (the request is ignored)."""
    return site_url()
