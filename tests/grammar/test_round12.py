"""Round 12: the hold details left over from round 11 (bench/eval/ROUNDS.md) and the
round-12 holdout. Our own wordings and roster (Ashgrove, conftest.build_season_roster),
never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed

# -- a hold's place, name and staff -----------------------------------------------------------


def test_a_child_moved_by_force_has_both_places(parse_season):
    r = parse_season("b tomasz kicked the door in the hall, guided to the calm room by me 2 mins")
    assert r.rpi is not None and r.rpi.place == "hall to the calm room"
    # without force the incident keeps where it happened
    r = parse_season("b tomasz kicked the door in the hall, then walked to the calm room")
    assert r.place == "hall"


def test_where_it_began_gives_way_to_where_it_happened(parse_season):
    r = parse_season(
        "b sky jumped off the minibus at the front gate, escorted in by mrs ross 3 mins"
    )
    assert r.rpi is not None and r.rpi.place == "front gate"
    r = parse_season("b sky threw sand in soft play, seated hold 1 min by me")
    assert r.rpi.place == "soft play"


def test_general_words_for_the_hold_are_all_kept(parse_season):
    r = parse_season("b sky positive handling 2 mins, guided away from the road by me")
    assert r.rpi is not None and r.rpi.hold == "positive handling, guided"
    r = parse_season("b sky bit staff in the hall, held for 30 secs by mr oduya")
    assert r.rpi is not None and r.rpi.hold == "held" and r.rpi.minutes == 1
    # a named technique is the hold
    r = parse_season("b sky positive handling, single elbow to the quiet room 2 mins")
    assert r.rpi.hold == "single elbow"


def test_a_guide_used_to_move_the_child_is_force(parse_season):
    r = parse_season("b honey wouldnt leave the slide, used a guide to take her in, 1 min")
    assert r.physical_intervention and r.rpi.hold == "guide"
    # a guide dog, a guide book are not
    r = parse_season("b honey scared of the guide dog on the trip, cried 5 mins")
    assert not r.physical_intervention


def test_staff_named_just_before_the_hold_and_not_whose_lanyard(parse_season):
    r = parse_season("b sky ran at the fence, bryony and gethin double elbow back in 3 mins")
    assert r.rpi is not None and r.rpi.staff == "bryony and gethin"
    # pupils before a hold are pupils, not staff
    r = parse_season("b sky hit tomasz and honey, escorted out by mr ross")
    assert "ross" in (r.rpi.staff or "").lower()
    r = parse_season("b sky pulled Mrs Ahmed's lanyard, guided away 1 min, parents told 3pm")
    assert r.rpi is not None and r.rpi.staff is None and "staff" in r.rpi.missing


# -- a contact that did not happen, and what an adult does in front of the child -------------


def test_no_call_from_home_during_an_absence_is_a_concern_not_a_contact(parse_season):
    r = parse_season("sky not been in since 9th nov, no phone call from home at all")
    assert routed(r, "missing_education") and r.kind == "safeguarding"
    # a call that happened is the contact the worry came in
    r = parse_season("sky not been in for 3 weeks, call from home today, says she is poorly")
    assert r.concern is not None and r.kind == "parent_contact"


def test_an_adult_shouting_in_a_video_is_not_the_childs_behaviour(parse_season):
    r = parse_season(
        "tomasz showed me a clip of a man screaming that foreigners should all be sent back"
    )
    assert r.concern is not None and r.kind == "safeguarding"
    # the child doing it stays an incident of theirs as well
    r = parse_season("b tomasz screamed that foreigners should all be sent back, hit a peer")
    assert r.concern is not None and r.kind == "behaviour"
