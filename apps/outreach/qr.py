"""QR codes of portal links (segno): inline SVG for pages, PNG or SVG files to download."""

import io

import segno


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An <svg> element to put into a page (no XML declaration, no external resource)."""
    return segno.make(url, error="m").svg_inline(scale=scale, title=url)


def qr_file(url: str, kind: str) -> tuple[bytes, str]:
    """The QR code as a PNG or SVG file: (bytes, content type)."""
    buffer = io.BytesIO()
    code = segno.make(url, error="m")
    if kind == "svg":
        code.save(buffer, kind="svg", scale=10, border=2)
        return buffer.getvalue(), "image/svg+xml"
    code.save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue(), "image/png"
