"""`meetings create --owner EMAIL` and `orgs alerts SLUG --email ADDRESS`: who is told about a concern. Bad
input is one line and changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.users import create_user
from bot.store.models import Meeting, Organisation
from tests.cli.test_commands import assert_one_line_error, cli, ok
from tests.support.common import NOW
from tests.support.staff import PASSWORD


def setup(runner, rt) -> int:
    ok(cli(runner, "orgs", "create", "flen", "--name", "Flens kommun"))
    ok(cli(runner, "orgs", "create", "vingaker", "--name", "Vingåkers kommun"))
    with rt.db.begin() as s:
        flen, vingaker = s.scalars(select(Organisation).order_by(Organisation.id)).all()
        create_user(s, vingaker, "annan@vingaker.se", PASSWORD, "staff", NOW)
        user = create_user(s, flen, "anna@flen.se", PASSWORD, "staff", NOW)
        s.flush()
        return user.id


def test_meeting_owner_from_the_command_line(runner, rt):
    anna = setup(runner, rt)
    meeting_id = ok(cli(runner, "meetings", "create", "--org", "flen", "--date", "2026-12-10", "--owner",
                        " Anna@Flen.se "))
    with rt.db() as s:
        assert s.get(Meeting, meeting_id).owner_id == anna
    for owner in ("nobody@flen.se", "annan@vingaker.se"):  # unknown, or of another organisation
        error = assert_one_line_error(cli(runner, "meetings", "create", "--org", "flen", "--date", "2026-12-10",
                                          "--owner", owner))
        assert error == f"Error: no active user {owner!r} in this organisation"
    with rt.db() as s:
        assert len(s.scalars(select(Meeting)).all()) == 1


def test_on_call_address(runner, rt):
    setup(runner, rt)
    assert ok(cli(runner, "orgs", "alerts", "flen", "--email", "Jour@Flen.se")) == "jour@flen.se"
    assert assert_one_line_error(cli(runner, "orgs", "alerts", "flen", "--email", "jour")) == \
        "Error: not an e-mail address: 'jour'"
    assert assert_one_line_error(cli(runner, "orgs", "alerts", "nosuch", "--email", "a@b.se")) == \
        "Error: unknown organisation 'nosuch'"
    with rt.db() as s:
        assert s.scalar(select(Organisation.alert_email).where(Organisation.slug == "flen")) == "jour@flen.se"
    assert ok(cli(runner, "orgs", "alerts", "flen", "--email", "")) == "-"
