"""Language at invitation: aliases (`fa` is Dari), an organisation's own list of offered languages (invite
refuses others with one line and changes nothing), `--bilingual`, and the export's language status."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.services.runtime import Runtime
from bot.store.models import Message, Organisation, Participant
from bot.texts.languages import LanguageError, offered_languages, parse_language_list, resolve_language
from tests.support.common import PHONES


def ok_last_line(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip().splitlines()[-1])


def one_line_error(result: Any) -> str:
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return str(lines[0])


def participants(rt: Runtime) -> int:
    with rt.db() as s:
        return int(s.scalar(select(func.count()).select_from(Participant)) or 0)


def test_aliases_and_lists(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    assert resolve_language(texts, "fa") == "prs"
    assert resolve_language(texts, " ti ") == "ti"
    assert resolve_language(texts, "AR") == "ar" and resolve_language(texts, "fa-AF") == "prs"
    with pytest.raises(LanguageError, match="unknown language 'xx'"):
        resolve_language(texts, "xx")
    assert parse_language_list(texts, "fi, fa,ar") == ["sv", "ar", "prs", "fi"]  # menu order, Swedish kept
    assert parse_language_list(texts, " ") is None


def test_an_organisation_offers_every_language_until_limited(cli_lang: Any, rt: Runtime, lang_meeting: str) -> None:
    with rt.db() as s:
        org = s.scalars(select(Organisation)).one()
        assert offered_languages(org, rt.texts) == rt.texts.languages
    listed = cli_lang("orgs", "languages", "flen", "--only", "so,fi").stdout.splitlines()
    assert listed == ["sv   source   Svenska", "so   draft    Soomaali", "fi   draft    Suomi"]
    with rt.db() as s:
        assert s.scalars(select(Organisation.languages)).one() == ["sv", "so", "fi"]
    assert cli_lang("orgs", "languages", "flen").stdout.splitlines() == listed
    assert len(cli_lang("orgs", "languages", "flen", "--all").stdout.splitlines()) == 8


def test_invite_refuses_a_language_not_offered(cli_lang: Any, rt: Runtime, lang_meeting: str) -> None:
    ok_last_line(cli_lang("orgs", "languages", "flen", "--only", "so,fi"))
    error = one_line_error(cli_lang("invite", lang_meeting, "--role", "youth", "--phone", PHONES[30],
                                    "--lang", "ar"))
    assert error == "Error: flen does not offer language 'ar'; it offers sv, so, fi"
    assert participants(rt) == 0 and rt.transport.sent == []  # type: ignore[attr-defined]
    error = one_line_error(cli_lang("orgs", "languages", "flen", "--only", "sv,klingon"))
    assert "unknown language 'klingon'" in error
    ok_last_line(cli_lang("invite", lang_meeting, "--role", "youth", "--phone", PHONES[30], "--lang", "so"))
    assert participants(rt) == 1


def test_invite_with_alias_and_bilingual(cli_lang: Any, rt: Runtime, lang_meeting: str) -> None:
    participant_id = ok_last_line(cli_lang("invite", lang_meeting, "--role", "guardian", "--phone", PHONES[31],
                                           "--lang", "fa", "--bilingual"))
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        assert participant is not None and (participant.language, participant.bilingual) == ("prs", True)
        dari, swedish = s.scalars(select(Message.body).order_by(Message.id)).all()
    assert dari.startswith("سلام!") and swedish.startswith("Hej! Flens kommun vill höra")
    assert [sent[1] for sent in rt.transport.sent] == [dari, swedish]  # type: ignore[attr-defined]


def test_export_carries_language_status_and_bilingual(cli_lang: Any, rt: Runtime, lang_meeting: str) -> None:
    ok_last_line(cli_lang("invite", lang_meeting, "--role", "youth", "--phone", PHONES[32], "--lang", "sv"))
    ok_last_line(cli_lang("invite", lang_meeting, "--role", "guardian", "--phone", PHONES[33], "--lang", "ti",
                          "--bilingual"))
    document = json.loads(cli_lang("export", lang_meeting).stdout)
    assert document["schema"] == "hjulsamtal.meeting.v1"
    youth, guardian = document["participants"]
    assert youth["language_status"] == {"status": "source", "reviewer": None, "date": None}
    assert (youth["bilingual"], youth["paper"], youth["answer_languages"]) == (False, None, {})
    assert guardian["language_status"] == {"status": "draft", "reviewer": None, "date": None}
    assert guardian["bilingual"] is True
    # v1 stays v1: every earlier field is still there with its meaning
    assert {"id", "role", "language", "status", "areas", "matters_most", "concerns", "completed_at"} <= set(guardian)


def test_languages_command_lists_status(cli_lang: Any) -> None:
    lines = cli_lang("languages").stdout.splitlines()
    assert lines[0] == "sv   source   Svenska"
    assert "prs  draft    دری" in lines and len(lines) == 8


def test_language_choices_for_the_invitation_form(rt: Runtime, cli_lang: Any, lang_meeting: str) -> None:
    from bot.reports.sheets import language_choices

    assert language_choices(rt.texts)[:3] == [("sv", "Svenska (sv), källtext", "ltr"),
                                              ("en", "English (en), utkast", "ltr"),
                                              ("ar", "العربية (ar), utkast", "rtl")]
    ok_last_line(cli_lang("orgs", "languages", "flen", "--only", "prs"))
    with rt.db() as s:
        org = s.scalars(select(Organisation)).one()
        assert language_choices(rt.texts, org) == [("sv", "Svenska (sv), källtext", "ltr"),
                                                   ("prs", "دری (prs), utkast", "rtl")]


def test_a_draft_language_needs_the_organisation_to_accept_drafts(cli_lang: Any, rt: Runtime) -> None:
    from bot.store.models import AuditEntry

    assert ok_last_line(cli_lang("orgs", "create", "trosa", "--name", "Trosa kommun")) == "trosa"
    meeting = ok_last_line(cli_lang("meetings", "create", "--org", "trosa", "--date", "2026-12-10"))
    listed = cli_lang("orgs", "languages", "trosa").stdout.splitlines()
    assert listed == ["sv   source   Svenska",
                      "not offered, drafts (--accept-drafts to offer): en, ar, so, ti, prs, fi, uk"]
    error = one_line_error(cli_lang("invite", meeting, "--role", "youth", "--phone", PHONES[34], "--lang", "fa"))
    assert error == ("Error: 'prs' is a draft (unreviewed) and trosa does not accept unreviewed texts; "
                     "an admin can accept them: orgs languages trosa --accept-drafts")
    assert participants(rt) == 0 and rt.transport.sent == []  # type: ignore[attr-defined]
    ok_last_line(cli_lang("invite", meeting, "--role", "youth", "--phone", PHONES[34], "--lang", "sv"))
    assert len(cli_lang("orgs", "languages", "trosa", "--accept-drafts").stdout.splitlines()) == 8
    ok_last_line(cli_lang("invite", meeting, "--role", "guardian", "--phone", PHONES[35], "--lang", "fa"))
    assert participants(rt) == 2
    assert cli_lang("orgs", "languages", "trosa", "--no-accept-drafts").stdout.splitlines() == listed
    with rt.db() as s:
        assert s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "accept_drafts")
                         .order_by(AuditEntry.id)).all() == ["on", "off"]
    created = cli_lang("orgs", "create", "oxelo", "--name", "Oxelösunds kommun", "--accept-drafts")
    assert ok_last_line(created) == "oxelo"
    with rt.db() as s:
        assert s.scalars(select(Organisation.accept_drafts).where(Organisation.slug == "oxelo")).one() is True
