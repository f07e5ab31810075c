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


# -- round 12's holdout: concerns in ordinary words --------------------------------------------


def test_hurting_their_own_body_with_a_point_or_hiding_the_marks(parse_season):
    r = parse_season("maya has been scoring her forearm with a compass under the desk")
    assert routed(r, "self_harm") and r.kind == "safeguarding"
    r = parse_season("honey has marks on her hip, keeps them hidden so nobody sees")
    assert routed(r, "self_harm")
    # cutting out with scissors is craft
    assert parse_season("maya cut out the stars with the scissors, lovely work").concern is None


def test_medicine_kept_back_and_hidden_away(parse_season):
    r = parse_season("tomasz has been keeping his sleeping tablets and hiding them under his bed")
    assert routed(r, "self_harm")
    # his own dose taken as prescribed is no overdose
    assert not routed(parse_season("tomasz took his tablets at lunch with the office"), "self_harm")


def test_an_adult_who_goes_on_to_hurt_the_child_in_one_breath(parse_season):
    r = parse_season("autumns mum was arguing with the office then dragged her out by the arm")
    assert routed(r, "physical_abuse")
    # a new subject before the harm is someone else's act
    r = parse_season("b sky's dad was waiting at the gate and sky kicked him")
    assert not routed(r, "physical_abuse")


def test_fear_of_an_adult_shown_not_said(parse_season):
    r = parse_season("maya goes silent as soon as her uncle arrives to pick her up")
    assert routed(r, "emotional_abuse")
    r = parse_season("kit hid behind the coats until his stepdad had left")
    assert routed(r, "emotional_abuse")
    assert parse_season("maya went quiet when the fire alarm went off").concern is None


def test_violence_to_the_home_and_a_row_heard_down_the_phone(parse_season):
    r = parse_season(
        "winters mum said her partner kicked in the bedroom door last night, police came"
    )
    assert routed(r, "domestic_abuse")
    r = parse_season(
        "phoned home re trip money for sky, heard screaming and a baby crying in the background"
    )
    assert routed(r, "domestic_abuse")
    assert parse_season("mum broke the news about grandad to honey, she was sad").concern is None


def test_nights_away_from_home_and_nobody_knowing_where(parse_season):
    r = parse_season("chase's nan said he hasnt been home since friday night")
    assert routed(r, "exploitation")
    r = parse_season("rang tomasz's dad, he doesnt know where tomasz is sleeping at the moment")
    assert r.concern is not None and r.kind == "parent_contact"


def test_a_parent_telling_on_the_phone_is_the_contact(parse_season):
    r = parse_season("tomasz's dad told me on the phone that his brother hit tomasz with a belt")
    assert r.concern is not None and r.kind == "parent_contact" and r.contact_method == "phone"


def test_pulling_another_childs_hair_is_an_incident(parse_season):
    r = parse_season("honey pulled another girls plait in the line")
    assert r.kind == "behaviour" and r.concern is None


# -- round 12's holdout: who held, where, and for how long ------------------------------------


def test_staff_in_every_way_they_are_named(parse_season):
    r = parse_season("b sky ran at the gate, bryony and i used a seated hold 2 mins")
    assert r.rpi.staff == "bryony and i"
    r = parse_season("b sky kicked out, t-wrap by priya and mrs ode 3 mins")
    assert r.rpi.staff == "priya and mrs ode"
    r = parse_season("b sky bolted, single elbow by me and dom kowalski 2 mins")
    assert r.rpi.staff == "me and dom kowalski"
    r = parse_season("b sky threw a chair, seated hold by me in the quiet room 2 mins")
    assert r.rpi.staff == "me" and "staff" not in r.rpi.missing


def test_a_door_is_a_place_when_it_says_which_and_the_room_comes_first(parse_season):
    r = parse_season("b sky ran for the front door, guided back by me 1 min")
    assert r.rpi.place == "front door"
    r = parse_season("b sky ran at the fire door in the hall, guided hold 1 min by me")
    assert r.rpi.place == "hall"
    r = parse_season("b sky kicked the door, seated hold 1 min by me")
    assert r.rpi.place is None


def test_the_hold_lasts_the_minutes_typed_after_it(parse_season):
    r = parse_season(
        "b sky up on the climbing frame, talked her down for 15 mins then guided her off, 1 min"
    )
    assert r.rpi is not None and r.rpi.minutes == 1
    # one duration, wherever it is, is the hold's
    r = parse_season("b sky 2 mins seated hold by me in the hall")
    assert r.rpi.minutes == 2


# -- round 12's holdout: a name word as an adjective, a provision without its vowels -----------


def test_a_name_word_between_a_determiner_and_another_is_the_phrase(parse_season):
    r = parse_season("maya elsa 30, showed me her winter kit for the trip")
    assert [p.full_name for p in r.pupils] == ["Maya Lindqvist"] and r.ok
    # with capitals they are the pupils
    r = parse_season("maya avt 30 with Winter Kit and Sky")
    assert {p.full_name for p in r.pupils} >= {"Winter Okoro", "Christopher Lamb", "Sky Addo"}


def test_a_provision_typed_without_its_vowels(parse_season):
    r = parse_season("tomasz mntrng 30")
    assert r.ok and r.provision.name == "Mentoring" and r.duration_minutes == 30
    r = parse_season("autumn occ thrpy 30")
    assert r.ok and r.provision.name == "Occupational therapy"
