"""Colleagues' names (the roster's staff list): a word of a colleague's name is the
colleague, never a pupil by a short form, a surname or a typo; a pupil whose own name
it is keeps it. Fictional roster, our own wordings."""

from __future__ import annotations

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterPupil
from tests.grammar.conftest import local, provision

NOW = local("2026-11-10T14:00")


def _roster(staff: tuple[str, ...]) -> Roster:
    p = provision
    return Roster(
        pupils=(
            RosterPupil(1, "P1", "Francesca", "Odell", provisions=(p(1, "ELSA", 30),)),
            RosterPupil(2, "P2", "Kerri", "Mason", provisions=(p(2, "Lego therapy", 40),)),
            RosterPupil(3, "P3", "Idris", "Bello", provisions=(p(3, "Zones of Regulation", 15),)),
            RosterPupil(4, "P4", "Ben", "Ashworth", provisions=(p(4, "Lego therapy", 40),)),
        ),
        staff_names=staff,
    )


STAFF = ("Fran Tully", "Kerry Boyd", "Gemma Ashworth")


def names(text: str, staff: tuple[str, ...] = STAFF) -> list[str]:
    r = parse_message(text, roster=_roster(staff), now=NOW)
    return sorted(p.full_name for p in [*r.pupils, *r.involved])


def test_a_colleague_is_not_a_pupil_by_a_short_form():
    text = "idris mum told fran at pick up that he hasnt slept all week"
    assert names(text) == ["Idris Bello"]
    assert names(text, staff=()) == ["Francesca Odell", "Idris Bello"]  # without the list


def test_a_colleague_is_not_a_pupil_by_a_typo():
    assert names("b idris kicked the door, kerry and me walked him to the calm room") == [
        "Idris Bello"
    ]


def test_a_colleague_is_named_as_staff_in_a_hold():
    r = parse_message(
        "b idris hit out in the corridor, guided hold by me and fran 1 min",
        roster=_roster(STAFF),
        now=NOW,
    )
    assert [p.full_name for p in r.pupils] == ["Idris Bello"]
    assert r.rpi is not None and "fran" in (r.rpi.staff or "").lower()


def test_a_pupil_keeps_their_own_name():
    # Ben is Ben's own name, and a surname alone stays the pupil's though a
    # colleague shares it (Gemma Ashworth): only short forms give way.
    assert names("ben lego therapy 40", staff=("Ben Hart",)) == ["Ben Ashworth"]
    assert names("ashworth lego therapy 40") == ["Ben Ashworth"]
    assert names("fran elsa 30", staff=()) == ["Francesca Odell"]


def _parse(text: str, staff: tuple[str, ...] = STAFF):
    return parse_message(text, roster=_roster(staff), now=NOW)


def test_a_mark_on_a_colleague_is_not_the_childs():
    r = _parse("b idris bit kerry, guided hold by me 1 min, bite mark on kerrys hand")
    assert r.concern is None
    assert _parse(
        "b idris bit kerry, guided hold by me 1 min, bite mark on kerrys hand", ()
    ).concern


def test_a_colleague_who_hurts_the_child_is_routed():
    r = _parse("fran grabbed idris by the neck and shook him")
    assert r.concern is not None and "physical_abuse" in r.concern and r.kind == "safeguarding"


def test_a_concern_told_to_a_colleague_still_routes():
    r = _parse("idris told fran his stepdad locks him in his room")
    assert r.concern is not None


def test_a_colleague_whose_name_is_a_word_hides_nothing():
    r = _parse("idris has a hand shaped mark on his arm", staff=("Mark Dunn",))
    assert r.concern is not None and r.kind == "safeguarding"
