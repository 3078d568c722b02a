"""QR codes for the class board, as data URIs (the CSP allows ``img-src data:``, not inline SVG
styles). Pure module: no Django."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> bytes:
    """An SVG QR code for ``text``: black on a white square, with the standard quiet zone."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text)).decode("ascii")


def without_scheme(url: str) -> str:
    """What to write on the board: 'horizons.example/go/BCDFGH', not 'https://…'."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme) :]
    return url
