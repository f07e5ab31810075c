"""After round 14's holdout (bench/eval/ROUNDS.md): "mam", a hope about next week, hair
pulled out, being held down and hurt by other children, "can't take it any more" with a
note left, images shared or taken while changing, carrying for older lads, an older
"mate" who pays, health appointments missed again, whittling and "smashed the test", and
an RPI's staff and places. Our own wordings and roster (Ashgrove,
conftest.build_season_roster), never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed


def test_mam_is_a_parent(parse_season):
    r = parse_season("spoke to sky's mam at pick up about her new glasses")
    assert r.kind == "parent_contact" and r.contact_method == "in_person" and r.concern is None


def test_a_hope_about_next_week_is_no_date(parse_season):
    r = parse_season("i hope maya gets more elsa next week, did 30 mins today")
    assert r.ok and r.duration_minutes == 30 and r.occurred_at.date().isoformat() == "2026-06-09"


def test_hair_pulled_out_and_a_note_left(parse_season):
    r = parse_season("autumn has a bald patch, says she pulls her hair out when she's worried")
    assert routed(r, "self_harm")
    r = parse_season("maya messaged me that she cant take it any more and left a note for her mum")
    assert routed(r, "self_harm") and r.kind == "safeguarding"
    # a hair bobble pulled out is hair
    assert (
        parse_season("maya pulled her hair bobble out in assembly, lovely singing").concern is None
    )


def test_held_down_and_hurt_by_other_children(parse_season):
    r = parse_season("sky says the boys in her class hold her down and sit on her at break")
    assert routed(r, "physical_abuse") and r.kind == "safeguarding"


def test_images_shared_or_taken_while_changing(parse_season):
    r = parse_season("tomasz's ex posted a pic he sent her to the year 9 group chat")
    assert routed(r, "online_harm")
    r = parse_season("some boys filmed sky getting changed after swimming and sent it round")
    assert routed(r, "sexual_abuse")
    # the class photo on the school page is a photo
    assert parse_season("put a photo of sky's model on the school instagram").concern is None


def test_carrying_for_older_lads_and_an_older_mate_who_pays(parse_season):
    r = parse_season("tomasz is being asked to carry a bag to the flats by some older lads")
    assert routed(r, "exploitation")
    r = parse_season("chase says a 20 year old from the park gives him cash to look after stuff")
    assert routed(r, "exploitation")


def test_health_appointments_missed_again(parse_season):
    r = parse_season("rang maya's dad, that's the fourth appointment missed at audiology")
    assert routed(r, "neglect") and r.kind == "parent_contact"


def test_whittling_and_a_test_smashed_are_ordinary(parse_season):
    r = parse_season("honey whittled a stick with a knife at forest school, very careful")
    assert r.concern is None
    r = parse_season("sky smashed her spelling test, 20 out of 20")
    assert r.kind != "behaviour" and r.concern is None


def test_the_staff_and_places_of_a_hold(parse_season):
    r = parse_season(
        "b tomasz threw trays in the dinner hall, seated hold by bev and tom ashby 2 mins"
    )
    assert r.rpi.staff == "bev and tom ashby" and r.rpi.place == "dinner hall"
    r = parse_season("b tomasz double elbow to the pastoral office w kerry wragg and jake, 3 mins")
    assert r.rpi.staff == "kerry wragg and jake" and "pastoral office" in r.rpi.place
    r = parse_season("rpi tomasz in the sixth form centre, me and mr dodds held him back 1 min")
    assert r.rpi.place == "sixth form centre"
