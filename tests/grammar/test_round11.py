"""After round 11's holdout (bench/eval/ROUNDS.md): pictures of a child in the bath or a
game kept with an adult, a peer pulling another's clothes down, a child's own engagement,
carers outside the family, people "who don't pray like us", weeks abroad with no leave,
an adult angry when the child cries, "no home" signed at home time. Our own wordings and
roster (Ashgrove, conftest.build_season_roster), never the evaluation lines."""

from __future__ import annotations

from tests.grammar.conftest import routed


def test_an_adult_photographing_a_child_undressed_or_a_game_kept_with_them(parse_season):
    r = parse_season(
        "maya said her mums friend takes photos of her when shes getting changed for bed"
    )
    assert routed(r, "sexual_abuse") and r.kind == "safeguarding"
    r = parse_season("Tomasz told me his cousin tickles him and says its their secret")
    assert routed(r, "sexual_abuse")
    # family photos are photos
    r = parse_season("maya brought in photos her nan took of her at the seaside")
    assert not routed(r, "sexual_abuse")


def test_a_peer_pulling_another_pupils_clothes_down_is_harmful_sexual_behaviour(parse_season):
    r = parse_season("b Tomasz pulled down maya's leggings in the cloakroom, others laughing")
    assert routed(r, "sexual_abuse")
    # personal care is care
    r = parse_season("maya wet, pulled her leggings down to change her, new pad")
    assert not routed(r, "sexual_abuse")


def test_a_childs_own_engagement_is_forced_marriage(parse_season):
    r = parse_season(
        "maya says she is flying to see family in the holidays for her engagement, she is 11"
    )
    assert routed(r, "forced_marriage")
    assert parse_season("maya wrote about her aunties wedding in literacy").concern is None


def test_carers_outside_the_family_and_people_who_do_not_pray_alike(parse_season):
    r = parse_season("Autumn said the staff at respite shouted at her and locked her in her room")
    assert r.concern is not None and r.kind == "safeguarding"
    r = parse_season(
        "tomasz keeps saying people who dont pray like us will go to hell and deserve it"
    )
    assert routed(r, "radicalisation")


def test_weeks_abroad_with_no_leave_an_angry_partner_and_no_home(parse_season):
    r = parse_season("Maya's dad rang, she is going abroad for 3 weeks from monday, no return date")
    assert routed(r, "missing_education")
    r = parse_season("autumns mum said her boyfriend gets really angry when autumn cries at night")
    assert routed(r, "emotional_abuse")
    r = parse_season(
        "b winter screaming at home time, kept signing no home and hiding under the table"
    )
    assert r.concern is not None


# -- staff named in a hold, and a place with its department ----------------------------------


def test_staff_named_in_a_hold_are_the_staff(parse_season):
    r = parse_season(
        "b tomasz kicked ms okafor then ran at the road, guide hold 3 mins by mr nkemelu, "
        "mum told by phone 2pm"
    )
    assert "nkemelu" in (r.rpi.staff or "").lower() and "okafor" not in r.rpi.staff.lower()
    r = parse_season(
        "b tomasz tried to leave site, seated hold by Priya and Dom 4 mins, no injuries"
    )
    assert "priya" in (r.rpi.staff or "").lower() and "dom" in r.rpi.staff.lower()
    r = parse_season("b tomasz throwing chairs, 2 person hold w/ bernie 5 mins")
    assert "bernie" in (r.rpi.staff or "").lower()


def test_a_place_with_its_department_or_block_is_kept_whole(parse_season):
    r = parse_season("b tomasz threw a stool in the maths corridor, seated hold 2 mins by mr hale")
    assert r.rpi is not None and r.rpi.place == "maths corridor"
    r = parse_season("b tomasz swearing in the c block toilets, guide hold 1 min by me + Mr Hale")
    assert r.rpi.place == "c block toilets"


def test_a_provision_by_its_initials_or_its_sign_language_words(parse_season):
    r = parse_season("winter tod 45 mins")
    assert r.ok and r.provision.name == "Teacher of the Deaf support"
    r = parse_season("winter signing support 60")
    assert r.ok and r.provision.name == "BSL support" and r.duration_minutes == 60
    r = parse_season("maya avt 30")
    assert r.ok and r.provision.name == "Auditory verbal therapy"


def test_a_word_name_bound_to_its_everyday_partner_is_the_word(parse_season):
    r = parse_season("winter bsl support 60 - signs for the night sky story")
    assert [p.full_name for p in r.pupils] == ["Winter Okoro"] and r.ok
    r = parse_season("Autumn OT missed - no swim kit in school today")
    assert [p.full_name for p in r.pupils] == ["Autumn Reid"]
    # beside other words the names stay the pupils
    assert [p.full_name for p in parse_season("sky ot 30").pupils] == ["Sky Addo"]
    assert [p.full_name for p in parse_season("kit hydro 30 mins").pupils] == ["Christopher Lamb"]


def test_a_time_range_with_minutes_on_both_ends_that_runs_backwards_is_asked(parse_season):
    r = parse_season("Tomasz mentoring 2.30-2.15")
    assert not r.ok and any("ends before it starts" in p for p in r.problems)
    # across noon, or into the afternoon, it runs forwards
    r = parse_season("Tomasz mentoring 11.30-12.15")
    assert r.ok and r.duration_minutes == 45
    assert parse_season("Tomasz mentoring 12.40-1.10").ok
