"""The header and footer on every printed page of the staff summary and the meeting view, and the same page as a
PDF. Rule: the frame names the organisation, the meeting (label, date, time), who answered when (the staff
summary only: the meeting view carries no times), when and by whom it was printed, and the secrecy line; it is
print-only on screen. A PDF is the page rendered by Chromium on the server (bot/services/pdf.py); the caller
audits it before it leaves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response, current_app

from bot.reports.summary import ParticipantView
from bot.services.pdf import PdfError, PdfUnavailable, html_to_pdf
from bot.store.models import Meeting, MeetingInfo
from bot.web.common import render, rt, sv_date, sv_datetime, sv_time, t, user


@dataclass(frozen=True)
class PrintFrame:
    """The lines of the printed header and footer."""

    head: str  # "Flens kommun · SIP vecka 50 · 10 december 2026 kl. 13.00"
    answered: tuple[str, ...]  # "Ungdom svarade 3 december 2026 kl. 10.05", …
    printed: str  # "Utskriven 1 december 2026 kl. 10.05 av anna@flen.se"
    secrecy: str


def print_frame(meeting: Meeting, info: MeetingInfo | None,
                participants: Sequence[ParticipantView] | None = None) -> PrintFrame:
    """The frame of a meeting's printed page; `participants` (the staff summary's) adds who answered when."""
    when = sv_date(meeting.date) + (f" {sv_time(meeting.time)}" if meeting.time else "")
    head = " · ".join(part for part in (meeting.org.name, info.label if info else "", when) if part)
    answered = tuple(
        t("print.answered", who=p.heading + (f" ({p.tag})" if p.tag else ""), at=sv_datetime(p.completed_at))
        if p.completed_at else t("print.not_answered", who=p.heading + (f" ({p.tag})" if p.tag else ""),
                                 status=p.status_label.lower())
        for p in participants or ())
    return PrintFrame(head, answered, t("print.printed", at=sv_datetime(rt().clock(), zone=True), who=user().email),
                      t("print.secrecy"))


def pdf_response(html: str, filename: str) -> Response | tuple[str, int]:
    """`html` as a PDF download, or a one-line error page (503) when Chromium is missing or fails."""
    try:
        body = html_to_pdf(html, current_app.static_folder or "", current_app.config.get("CHROMIUM"))
    except PdfUnavailable:
        return render("staff/error.html", message=t("print.pdf_missing")), 503
    except PdfError:
        return render("staff/error.html", message=t("print.pdf_failed")), 503
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
