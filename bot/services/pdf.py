"""A staff page as a PDF, printed by the server's Chromium (Debian's `chromium`, headless) exactly as a browser
prints it. Rule: no new runtime dependency and nothing from the network: the page's own stylesheets are put
inline, its scripts removed, and Chromium reads it from a private temporary folder (a fresh profile per PDF,
deleted after); a missing Chromium or one that fails or takes longer than PDF_TIMEOUT seconds raises, never hangs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

PDF_TIMEOUT = 30  # seconds
CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")
LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/([\w-]+\.css)">')
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


class PdfError(RuntimeError):
    """Chromium failed or took too long."""


class PdfUnavailable(PdfError):
    """There is no Chromium on this server."""


def find_chromium(configured: str | None = None) -> str:
    """The Chromium to use: `configured` if given, else the first of CANDIDATES found (PdfUnavailable: none)."""
    for name in (configured,) if configured else CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailable("no chromium")


def standalone(html: str, static_dir: str) -> str:
    """`html` with its /static stylesheets inline, without scripts or other links (Chromium then needs nothing
    else)."""
    def inline(match: re.Match[str]) -> str:
        sheet = STYLESHEET.fullmatch(match.group(0))
        path = Path(static_dir) / sheet.group(1) if sheet else None
        return f"<style>{path.read_text(encoding='utf-8')}</style>" if path and path.is_file() else ""
    return SCRIPT.sub("", LINK.sub(inline, html))


def html_to_pdf(html: str, static_dir: str, chromium: str | None = None, timeout: float = PDF_TIMEOUT) -> bytes:
    """The page printed to PDF (A4, as its print stylesheet lays it out)."""
    binary = find_chromium(chromium)
    with tempfile.TemporaryDirectory(prefix="hjulsamtal-pdf-") as folder:
        page, out = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(standalone(html, static_dir), encoding="utf-8")
        command = [binary, "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
                   "--disable-background-networking", "--disable-sync", "--no-pdf-header-footer",
                   f"--user-data-dir={folder}/profile", f"--print-to-pdf={out}", page.as_uri()]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise PdfError(f"chromium took more than {timeout} s") from None
        if code != 0 or not out.is_file():
            raise PdfError(f"chromium exited with {code}")
        return out.read_bytes()
