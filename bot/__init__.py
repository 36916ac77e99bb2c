"""Hjulsamtal: a child's own view of the wellbeing wheel, by SMS, before a meeting.

`create_app` is loaded lazily so that importing the pure engine (bot.conversation) never imports Flask.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from bot.app import create_app

        return create_app
    raise AttributeError(name)
