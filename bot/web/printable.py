"""Serve a standalone printable page (paper question sheet, translation review) from the staff web.

Rule: the page keeps its own <style> elements (the command line prints the same file), so the response gets
a Content-Security-Policy that allows exactly those styles by their SHA-256 hash: still no inline script,
no style attribute and no other inline style.
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Response

from bot.web.headers import CSP

STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hashes(html: str) -> list[str]:
    """The CSP sources ('sha256-…') of every <style> element of `html`."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
            for body in STYLE.findall(html)]


def printable(html: str) -> Response:
    """`html` as a response whose CSP allows its own <style> elements and nothing else inline."""
    sources = " ".join(["'self'", *style_hashes(html)])
    csp = CSP.replace("style-src 'self'", f"style-src {sources}")
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": csp})
