"""Translations of answers: staff type in a mother-tongue teacher's Swedish translation beside an answer written
in another language; it is stored encrypted, audited, shown with "översatt av" on the summary and (only where
the participant shares their words) on the meeting view; the language named beside an answer is the one
actually written (a Swedish sentence from an Arabic-speaking guardian is not "(arabiska)")."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text, update

from bot.services.retention import purge_meeting
from bot.store.models import Answer, AnswerTranslation, AuditEntry, Conversation, Participant
from tests.support.common import rt_of
from tests.support.languages import ARABIC_COMMENT, paper_data
from tests.support.staff import post_form

SWEDISH = "jag tycker det är bra hemma"
TRANSLATION = "Jag tycker om skolan"


def _guardian_answers_on_paper(staff: FlaskClient, m: dict[str, str], sharing: str = "all") -> str:
    """The Arabic guardian's paper answers: an Arabic comment (achieving) and a Swedish one (safe)."""
    url = f"/meetings/{m['id']}/participants/{m['guardian']}/paper"
    assert post_form(staff, url, url, paper_data(comment_safe=SWEDISH, sharing=sharing)).status_code == 302
    return f"/meetings/{m['id']}/summary"


def _translate(staff: FlaskClient, m: dict[str, str], field: str, words: str, translator: str = "Amina") -> str:
    summary = f"/meetings/{m['id']}/summary"
    response = post_form(staff, summary, f"/meetings/{m['id']}/participants/{m['guardian']}/translation",
                         {"field": field, "text": words, "translator": translator})
    assert response.status_code == 302
    return str(response.headers["Location"])


def test_language_named_is_the_one_written_and_only_other_languages_offer_a_translation(
        staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    html = staff.get(_guardian_answers_on_paper(staff, lw_meeting)).get_data(as_text=True)
    assert f'Kommentar (arabiska):</span> <bdi lang="ar" dir="auto">{ARABIC_COMMENT}</bdi>' in html
    assert f'Kommentar (svenska):</span> <bdi lang="sv" dir="auto">{SWEDISH}</bdi>' in html
    assert "(arabiska):</span> <bdi lang=\"ar\" dir=\"auto\">" + SWEDISH not in html
    guardian = lw_meeting["guardian"]
    assert f'id="tr-{guardian}-achieving.comment"' in html and f'id="tr-{guardian}-matters_most"' in html
    assert f'id="tr-{guardian}-safe.comment"' not in html  # Swedish: nothing to translate
    assert f'id="tr-{lw_meeting["youth"]}-' not in html


def test_translation_is_saved_encrypted_audited_and_shown_in_both_views(
        app: Flask, staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    summary = _guardian_answers_on_paper(staff, lw_meeting)
    guardian = lw_meeting["guardian"]
    assert _translate(staff, lw_meeting, "achieving.comment", TRANSLATION).endswith(
        f"/summary#tr-{guardian}-achieving.comment")
    html = staff.get(summary).get_data(as_text=True)
    assert "Översättningen är sparad." in html
    assert "översatt av Amina (inskriven av user1.flen@example.org" in html
    assert f'<span lang="sv">{TRANSLATION}</span>' in html
    view = staff.get(f"/meetings/{lw_meeting['id']}/meeting").get_data(as_text=True)
    assert "översatt av Amina:" in view and TRANSLATION in view and "inskriven av" not in view
    with rt_of(app).db() as s:
        row = s.scalars(select(AnswerTranslation)).one()
        assert (row.participant_id, row.field, row.text, row.original) == (
            guardian, "achieving.comment", TRANSLATION, ARABIC_COMMENT)
        raw = s.execute(text("SELECT text, original, translator FROM answer_translation")).one()
        assert TRANSLATION not in raw[0] and ARABIC_COMMENT not in raw[1] and "Amina" not in raw[2]
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.participant_id == guardian)
                            .order_by(AuditEntry.id)).all()
        assert actions[-1] == "translation_save"


def test_meeting_view_shows_a_translation_only_where_the_words_are_shared(
        app: Flask, staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    _guardian_answers_on_paper(staff, lw_meeting, sharing="ratings")
    _translate(staff, lw_meeting, "achieving.comment", TRANSLATION)
    view = staff.get(f"/meetings/{lw_meeting['id']}/meeting").get_data(as_text=True)
    assert TRANSLATION not in view and "översatt av" not in view
    assert TRANSLATION in staff.get(f"/meetings/{lw_meeting['id']}/summary").get_data(as_text=True)


def test_changed_answer_marks_the_translation_old_and_an_empty_text_removes_it(
        app: Flask, staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    summary = _guardian_answers_on_paper(staff, lw_meeting)
    _translate(staff, lw_meeting, "matters_most", "Mer tid", translator="")
    html = staff.get(summary).get_data(as_text=True)
    assert "översatt av user1.flen@example.org (inskriven av user1.flen@example.org" in html  # no name: who typed it
    assert "svaret har ändrats" not in html
    with rt_of(app).db() as s:
        conv_id = s.scalar(select(Conversation.id).join(Participant).where(Participant.id == lw_meeting["guardian"]))
        s.execute(update(Conversation).where(Conversation.id == conv_id).values(matters_most="أكثر"))
        s.commit()
    assert "svaret har ändrats sedan det översattes" in staff.get(summary).get_data(as_text=True)
    _translate(staff, lw_meeting, "matters_most", "  ")
    assert "Översättningen är borttagen." in staff.get(summary).get_data(as_text=True)
    with rt_of(app).db() as s:
        assert s.scalars(select(AnswerTranslation)).all() == []


def test_a_field_without_an_answer_is_refused(app: Flask, staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    _guardian_answers_on_paper(staff, lw_meeting)
    for field in ("healthy.comment", "safe.rating", "nonsense"):
        _translate(staff, lw_meeting, field, "något")
    with rt_of(app).db() as s:
        assert s.scalars(select(AnswerTranslation)).all() == []
        assert s.scalar(select(Answer.comment).where(Answer.area == "healthy")) in (None, "")


def test_a_purge_deletes_the_translations(app: Flask, staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    _guardian_answers_on_paper(staff, lw_meeting)
    _translate(staff, lw_meeting, "achieving.comment", TRANSLATION)
    rt = rt_of(app)
    with rt.db() as s:
        assert purge_meeting(s, lw_meeting["id"], rt.clock(), "staff") is not None
        s.commit()
        assert s.scalars(select(AnswerTranslation)).all() == []


def test_the_export_carries_the_translations(staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    _guardian_answers_on_paper(staff, lw_meeting)
    _translate(staff, lw_meeting, "achieving.comment", TRANSLATION)
    document = staff.get(f"/meetings/{lw_meeting['id']}/export.json").get_json()
    by_id = {p["id"]: p for p in document["participants"]}
    entry = by_id[lw_meeting["guardian"]]["translations"]["achieving.comment"]
    assert (entry["text"], entry["translator"]) == (TRANSLATION, "Amina") and entry["recorded_at"]
    assert by_id[lw_meeting["youth"]]["translations"] == {}
