"""The SPRÅK menu within a turn: show it, read the answer to it, close it.

Rule: SPRÅK answers with a numbered menu of the languages offered (and always the current one), remembered in
the conversation as shown, so that a number picks the language shown under it even if the offer changes
before the answer. A number not on the menu (or a language gone since) gets the menu again; anything else
closes the menu and is read as usual. Choosing a language is a reply: it starts a conversation not yet started,
otherwise the current question is asked again in the chosen language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation import events as ev

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU_NUMBERS = 99  # a reply to the language menu up to this is read as a number: on the menu or not


def show_menu(turn: Turn) -> None:
    """SPRÅK: the numbered menu of the languages offered (and the current one), remembered as shown, so
    that a number picks the language shown under it even if the offer changes before the answer."""
    languages = turn.engine.menu_languages(turn.conv.lang, turn.offered)
    turn.conv.menu, turn.conv.menu_languages = "language", languages
    turn.replies.append(turn.engine.language_menu(languages))


def close_menu(turn: Turn) -> None:
    """Forget the menu shown: the next message is read as usual."""
    turn.conv.menu, turn.conv.menu_languages = None, None


def choose_language(turn: Turn, body: str) -> bool:
    """A reply to the language menu: a number on it chooses the language shown under it, another number gets
    the menu again. False for anything else: the menu closes and the message is read as usual."""
    shown = turn.conv.menu_languages or turn.engine.languages  # a menu stored before menus were remembered
    rating = turn.engine.lexicon.rating(body, turn.conv.lang, 0, MENU_NUMBERS)
    if rating is None or rating.comment:
        return False
    lang = shown[rating.value - 1] if 1 <= rating.value <= len(shown) else None
    if lang is None or lang not in turn.engine.languages:  # not on the menu (or a language gone since)
        show_menu(turn)
        return True
    close_menu(turn)
    turn.conv.lang = lang
    turn.events.append(ev.LanguageChanged(turn.conv.lang))
    if turn.spec.expects == "start":
        turn.fire("start")  # choosing a language is a reply: it starts the conversation
    else:
        turn.ask()
    return True
