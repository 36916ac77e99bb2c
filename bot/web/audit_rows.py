"""The audit log as staff read it: Swedish words for every action and detail, the meeting by its label with a
link, the participant by role and nickname, and times with their zone. Rule: read-only; only the viewer's
organisation's meetings and participants are looked up (a purged meeting shows as deleted, never as an id)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.summary import language_name
from bot.store.models import AuditEntry, Meeting, MeetingInfo, Participant, User
from bot.texts.staff import staff_texts
from bot.web.common import sv_date, sv_datetime, t


@dataclass(frozen=True)
class AuditRow:
    """One line of the log as the page shows it."""

    when: str  # "3 december 2026 kl. 16.00 CET"
    iso: str
    who: str
    what: str
    meeting: str  # "10 december 2026 · SIP vecka 50", or "" when the entry is not about a meeting
    meeting_url: str | None  # None when the meeting's data is gone
    participant: str  # "Vårdnadshavare (mamma)", or ""
    detail: str


def audit_rows(s: Session, org_id: int, entries: list[AuditEntry]) -> list[AuditRow]:
    """The entries (already the organisation's) in Swedish, with their meetings and participants looked up."""
    meeting_ids = {e.meeting_id for e in entries if e.meeting_id}
    meetings = {m.id: m for m in s.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids),
                                                                  Meeting.org_id == org_id))}
    labels = dict(s.execute(select(MeetingInfo.meeting_id, MeetingInfo.label)
                            .where(MeetingInfo.meeting_id.in_(meetings))).all())
    people = {p.id: p for p in s.scalars(select(Participant).where(
        Participant.id.in_({e.participant_id for e in entries if e.participant_id}),
        Participant.meeting_id.in_(meetings)))}
    users = {u.id: u.email for u in s.scalars(select(User).where(User.org_id == org_id))}
    rows = []
    for e in entries:
        meeting = meetings.get(e.meeting_id or "")
        person = people.get(e.participant_id or "")
        rows.append(AuditRow(
            when=sv_datetime(e.created_at, zone=True), iso=e.created_at.isoformat(),
            who=e.user.email if e.user else "–",
            what=t(f"audit.action.{e.action}"),
            meeting=_meeting_text(meeting, labels.get(e.meeting_id or "")) if e.meeting_id else "",
            meeting_url=url_for("meetings.show", meeting_id=meeting.id) if meeting else None,
            participant=_participant_text(person) if e.participant_id else "",
            detail=detail_text(e.action, e.detail, users),
        ))
    return rows


def _meeting_text(meeting: Meeting | None, label: str | None) -> str:
    if meeting is None:
        return t("audit.meeting_gone")
    return " · ".join(part for part in (sv_date(meeting.date), label) if part)


def _participant_text(person: Participant | None) -> str:
    if person is None:
        return t("audit.participant_gone")
    role = t(f"role.{person.role}")
    return f"{role} ({person.nickname})" if person.nickname else role


def detail_text(action: str, detail: str | None, users: dict[int, str]) -> str:
    """An entry's detail in Swedish: "Vårdnadshavare, arabiska, tvåspråkig", "3 samtal avslutades", …"""
    if not detail:
        return ""
    if action == "invite":
        words = detail.split()
        parts = [t(f"role.{words[0]}") if staff_texts().has(f"role.{words[0]}") else words[0]]
        parts += [language_name(w, staff_texts().catalog, "sv") for w in words[1:2]]
        parts += [t(f"audit.details.{word}") for word in words[2:] if staff_texts().has(f"audit.details.{word}")]
        return ", ".join(parts)
    if action == "languages_offered":
        return ", ".join(language_name(code, staff_texts().catalog, "sv") for code in detail.split(",") if code)
    out = []
    for pair in detail.split():
        key, _, value = pair.partition("=")
        if key == "user" and value.isdigit():
            value = users.get(int(value), value)
        elif key == "role":
            value = t(f"user_role.{value}") if staff_texts().has(f"user_role.{value}") else value
        known = staff_texts().has(f"audit.details.{key}")
        out.append(t(f"audit.details.{key}", value=value) if known else pair)
    return ", ".join(out)
