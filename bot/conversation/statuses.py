"""The one vocabulary of a conversation's status. Rule: every status any layer stores, shows or compares is
a member of Status, and the sets below are the only definitions of which statuses are open, ended or
unreachable (a flow state's `status` must be one of them; flows are validated at load)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a conversation stands; stored as its value in `conversation.status`."""

    INVITED = "invited"  # the invitation is out, no reply yet
    ACTIVE = "active"  # answering
    COMPLETED = "completed"  # confirmed the read-back (or answered on paper)
    DECLINED = "declined"  # said no to taking part
    OPTED_OUT = "opted_out"  # STOPP, or opted out at Twilio: never another SMS
    EXPIRED = "expired"  # the meeting started (or staff ended it) before the end
    UNDELIVERABLE = "undeliverable"  # Twilio cannot deliver to the number (invalid, landline, not SMS-capable)


OPEN = frozenset({Status.INVITED, Status.ACTIVE})  # the phone's one open conversation: takes SMS, gets reminders
ENDED = frozenset(Status) - OPEN  # the phone is free for a new invitation
UNREACHABLE = frozenset({Status.OPTED_OUT, Status.UNDELIVERABLE})  # nothing queued is ever sent to these
