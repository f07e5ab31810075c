"""After round 15's holdout (bench/eval/ROUNDS.md): still not back after a trip, a
nil-by-mouth plan broken at home or medicine stopped, an adult who hurts or names the
child in the next clause, words typed on a talker, a "ceremony" to make the girls clean,
filming a pupil's falls and posting them; marks from the child's own equipment, henna,
"Faith in tears", "stander", "missed her grandma", "back monday", a parent who picked the
child up; hands guided away, a colleague's full name after "+", the time parents were
told by a named colleague, "the lift", "no other injuries". Our own wordings and roster
(Ashgrove, conftest.build_season_roster), never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import local, routed


def test_still_not_back_after_a_trip(parse_season):
    r = parse_season("chase still not back since the october trip to ghana, nobody answering")
    assert routed(r, "missing_education")


def test_a_feeding_or_medicine_plan_broken_at_home(parse_season):
    r = parse_season(
        "kit's mum said they give him yoghurt & cake by mouth at home, he is nil by mouth"
    )
    assert routed(r, "neglect")
    r = parse_season("sky's dad has stopped her inhaler, says she doesnt need it")
    assert routed(r, "neglect")


def test_an_adult_who_hurts_or_names_the_child_in_the_next_clause(parse_season):
    r = parse_season(
        "saw the minibus driver strap kit in, he shoved him into the seat and called him a baby"
    )
    assert routed(r, "physical_abuse") and routed(r, "emotional_abuse")
    # what the child said an adult did is the child's account
    r = parse_season("b kit hit out at his nan at pick up, she said he pushed her")
    assert not routed(r, "physical_abuse")


def test_words_typed_on_a_talker_and_a_ceremony_to_make_them_clean(parse_season):
    r = parse_season("winter typed 'daddy' 'hurt' 'bed' on her talker at snack then went quiet")
    assert r.concern is not None and r.kind == "safeguarding"
    r = parse_season(
        "honey's aunt said the girls go to see family in summer for a ceremony to make them pure"
    )
    assert routed(r, "fgm")


def test_filming_a_pupils_falls_and_posting_them(parse_season):
    r = parse_season("kit said year 10s film him when he trips and put it on their story")
    assert routed(r, "online_harm")


def test_ordinary_marks_festivals_names_and_returns(parse_season):
    r = parse_season("kit hydro 30, red marks on his feet from the splints as usual, checked")
    assert r.concern is None and r.ok
    r = parse_season("honey showed us her diwali photos, henna up both arms, gorgeous")
    assert r.concern is None
    r = parse_season("autumn ot 30, said she missed her dad this week, he works away")
    assert r.status == "delivered" and r.ok
    now = local("2026-06-11T16:00")  # a Thursday
    r = parse_season("spoke to sky's mum at home time, off sick since tues, back monday", now=now)
    assert r.occurred_at.date().isoformat() == "2026-06-11"
    r = parse_season("p honey's gran picked her up and asked about her ELSA")
    assert r.kind == "parent_contact" and r.contact_method == "in_person"


def test_hold_details_of_a_special_school(parse_season):
    r = parse_season("b kit pulling sky's hair, guided his hands away, no marks")
    assert r.physical_intervention and r.rpi.hold == "guided"
    r = parse_season("b kit seated hold by me + Jen Price 1 min in the lift, no other injuries")
    assert r.rpi.staff == "me + Jen Price" and r.rpi.place == "lift"
    assert r.rpi.injuries == "no other injuries"
    r = parse_season(
        "b kit threw a chair, seated hold 1 min, parents informed by Mrs Ode at 3.10pm"
    )
    assert r.rpi.parents_informed is True and r.rpi.parents_informed_at is not None
