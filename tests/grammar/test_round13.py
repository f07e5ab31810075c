"""After round 13's holdout (bench/eval/ROUNDS.md): another child's violence filmed or
repeated, someone online passing for a child, knives in cooking, things burnt, plans made
with a social worker, quoted slang, the staff and places of a boarding house, a video call
home, hiding in fear, a reason that names a time of day, a double-barrelled surname alone.
Our own wordings and rosters (Ashgrove, conftest.build_season_roster, and a small house
roster here), never the evaluation lines."""

from __future__ import annotations

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterPupil
from tests.grammar.conftest import NOW, provision, routed


@pytest.fixture(scope="module")
def house_roster() -> Roster:
    """Heronsgate House: two Mileses, a Levi, a Bart, letters without a plain base (Łukasz
    Barış), a double-barrelled surname."""
    p = provision
    return Roster(
        pupils=(
            RosterPupil(1, "H1", "Miles", "Odhiambo", provisions=(p(1, "Mentoring", 30),)),
            RosterPupil(2, "H2", "Miles", "Pennant", provisions=(p(2, "Mentoring", 30),)),
            RosterPupil(3, "H3", "Levi", "Marsh", provisions=(p(3, "Independent travel training", 60),)),
            RosterPupil(5, "H5", "Toby", "Ashworth-Kane", provisions=(p(5, "Counselling", 50),)),
            RosterPupil(6, "H6", "Bart", "Nowak", provisions=(p(6, "Mentoring", 30),)),
            RosterPupil(7, "H7", "Łukasz", "Barış", provisions=(p(7, "Counselling", 50),)),
        )
    )  # fmt: skip


@pytest.fixture
def parse_house(house_roster):
    def _parse(text, now=NOW):
        return parse_message(text, roster=house_roster, now=now)

    return _parse


def test_another_childs_violence_to_the_pupil_filmed_or_again(parse_season):
    r = parse_season("sky showed me a clip on tiktok of her getting kicked outside the shop")
    assert r.concern is not None and r.kind == "safeguarding"
    r = parse_season("tomasz says he got jumped on the way home again by some year 10s")
    assert r.concern is not None
    # a heavy defeat is football
    assert parse_season("tomasz said his team got battered 6-1 on sunday").concern is None


def test_someone_online_passing_for_a_child_or_wanting_to_meet(parse_season):
    r = parse_season("tomasz's fortnite friend says hes in year 6 too and wants to meet him")
    assert routed(r, "online_harm")
    r = parse_season("maya plays minecraft with a girl who says shes 11, they message every night")
    assert routed(r, "online_harm")


def test_a_knife_in_cooking_is_cooking(parse_season):
    r = parse_season("honey cookery skills 45, sliced peppers with the big knife carefully")
    assert r.ok and r.concern is None
    r = parse_season("honey had a knife in her bag at break")
    assert r.concern is not None


def test_things_burnt_and_plans_made_are_no_worry(parse_season):
    r = parse_season("sky burnt the edges of her model with the glue gun in dt")
    assert r.concern is None
    r = parse_season(
        "sky's nan collected her at 12 for the dentist, arranged with the office, no problems"
    )
    assert r.concern is None
    # a burn on the child is
    assert parse_season("sky has a burn on her hand, wouldnt say how").concern is not None


def test_quoted_slang_is_never_a_pupils_name(parse_house):
    r = parse_house("Levi, bare scared of going home since friday")
    assert [p.full_name for p in r.pupils] == ["Levi Marsh"]  # "bare" is no typo of Bart


def test_letters_without_a_plain_base_are_typed_plain(parse_house):
    r = parse_house("lukasz counselling 50")
    assert r.ok and [p.full_name for p in r.pupils] == ["Łukasz Barış"]
    assert [p.full_name for p in parse_house("baris counselling 50").pupils] == ["Łukasz Barış"]


def test_miles_walked_is_distance(parse_house):
    r = parse_house("levi travel training 60 mins, walked miles round town finding the stop")
    assert [p.full_name for p in r.pupils] == ["Levi Marsh"] and r.ok


def test_the_staff_of_a_house_named_every_way(parse_house, parse_season):
    r = parse_house("b levi kicking doors in the lounge, seated hold by me + lewis for 2 mins")
    assert r.rpi.staff == "me + lewis" and r.rpi.place == "lounge"
    assert [p.full_name for p in r.pupils] == ["Levi Marsh"]  # "lewis" is no Levi's
    r = parse_season("b sky went for the window on the landing, guided back w bernie 1 min")
    assert r.rpi.staff == "bernie" and r.rpi.place == "landing"
    r = parse_season(
        "b sky kicked mr hale in the hall, held her wrists 1 min then dominik walked her out"
    )
    assert r.rpi.staff == "dominik" and r.rpi.hold == "held"
    r = parse_season("b sky ran down the drive at night, brought back w a guide by me")
    assert r.physical_intervention and r.rpi.place == "drive" and r.rpi.staff == "me"
    r = parse_season("b tomasz wouldnt leave the lab, guided out by me, no injuries")
    assert r.rpi.place == "lab" and r.rpi.staff == "me"


def test_a_video_call_home_and_a_mother_who_came_into_reception(parse_season):
    r = parse_season("facetime with sky and her dad at 6pm, she read him her book")
    assert r.kind == "parent_contact" and r.contact_method == "video"
    r = parse_season("tomasz's mum came into the office upset, says he's not sleeping at home")
    assert r.kind == "parent_contact" and r.concern is not None


def test_hiding_in_fear_inside_a_concern_is_no_incident(parse_season):
    r = parse_season(
        "maya on the phone to dad, could hear a woman screaming in the background, maya hid "
        "behind the sofa after"
    )
    assert r.concern is not None and r.kind == "safeguarding"


def test_a_reason_that_names_a_time_of_day(parse_season):
    r = parse_season("tomasz missed mentoring, he was in lunch detention")
    assert r.status == "missed" and "lunch detention" in (r.missed_reason or "")


def test_a_double_barrelled_surname_alone(parse_house):
    r = parse_house("ashworth-kane counselling 50")
    assert r.ok and [p.full_name for p in r.pupils] == ["Toby Ashworth-Kane"]
    assert parse_house("ashworthkane counselling 50").ok
