"""After round 9's holdout (bench/eval/ROUNDS.md): a name that is an ordinary word bound
into a compound noun, May after a preposition, hostility to a people named by nationality,
grooming and tablets hidden told in a parent's call, a secret that is a den or a code, the
place of an RPI, and an event with no pupil and no provision. Our own wordings and roster
(Willowbrook, conftest.build_nature_roster), never the evaluation lines."""

from __future__ import annotations


def names(people):
    return [p.full_name for p in people]


# -- a word-name bound into a compound noun is the word --------------------------------------


def test_a_name_inside_a_material_a_place_or_an_activity_is_the_word(parse_nature):
    r = parse_nature("Noah fine motor 20 mins, rolled air dry clay into snakes")
    assert names(r.pupils) == ["Noah Pembridge"] and r.ok
    r = parse_nature("Leah missed OT - at forest school all afternoon")
    assert names(r.pupils) == ["Leah Castellano"] and "forest school" in (r.missed_reason or "")
    r = parse_nature("Noah handwriting 15 mins at the table by the bay window")
    assert names(r.pupils) == ["Noah Pembridge"]
    r = parse_nature("Leah social stories 20, made a story about the willow tunnel")
    assert names(r.pupils) == ["Leah Castellano"]
    # beside any other word, or capitalised mid-sentence, the name stays the pupil
    assert names(parse_nature("forest and clay lego 45").pupils) == [
        "Forest Oyelaran",
        "Clay Hartley",
    ]
    assert names(parse_nature("clay zones 15").pupils) == ["Clay Hartley"]
    assert names(parse_nature("bay ot 30 mins").pupils) == ["Bay Whitfield"]
    r = parse_nature("b Leah pushed Forest at forest school")
    assert names(r.pupils) == ["Leah Castellano"] and names(r.involved) == ["Forest Oyelaran"]
    assert names(parse_nature("rang forests dad about the trip").pupils) == ["Forest Oyelaran"]


# -- May after a preposition -----------------------------------------------------------------


def test_may_after_a_preposition_is_the_pupil(parse_nature):
    r = parse_nature("sent a note home for may about her physio stretches")
    assert names(r.pupils) == ["May Kowalski"] and r.kind == "parent_contact"
    # the modal and the month stay words
    assert parse_nature("mum may ring about her stretches").pupils == []
    assert names(parse_nature("Ivy ot 30 mins, review on 14 may").pupils) == ["Ivy Mensah"]
    assert parse_nature("may be late tomorrow, dentist").pupils == []


# -- hostility to a people named by nationality, ethnicity or faith --------------------------


def test_a_people_to_be_put_out_or_burnt_out_is_radicalisation(parse):
    r = parse(
        "Aarav keeps saying all romanian families should be sent back and "
        "someone should smash their houses up"
    )
    assert "radicalisation" in (r.concern or []) and r.kind == "safeguarding"
    assert "radicalisation" in (parse("Ethan said we should kick the somalis out").concern or [])
    # a group that is no people, and a nationality said kindly, are nothing
    assert parse("Kai said all the year 5 boys should be kicked out of the team").concern is None
    assert parse("Lily zones 15, said the spanish people on holiday were kind").concern is None
    assert parse("Kai zones 15, muslim children will go home early for eid").concern is None


# -- grooming and tablets hidden, told in a parent's call ------------------------------------


def test_someone_online_passing_for_a_child_or_asking_to_meet_is_grooming(parse):
    r = parse(
        "Isla's mum phoned, she found chats on Isla's laptop from an account "
        "pretending to be a girl her age"
    )
    assert "online_harm" in (r.concern or []) and r.kind == "parent_contact"
    r = parse(
        "dad rang, found texts on Freya's phone from someone asking her to meet up after school"
    )
    assert "online_harm" in (r.concern or [])
    # friends meeting, and pretending in play, are nothing
    assert parse("b Kai asked Harry to meet up at break and then pushed him").concern is None
    assert parse("Grace drama 30 mins, pretended to be a baby dragon").concern is None
    r = parse("Kai ELSA 30, e-safety role play about a gamer pretending to be a kid")
    assert r.concern is None


def test_tablets_hidden_and_a_note_saying_sorry_are_self_harm(parse):
    r = parse("Grace's nan rang, found a stash of paracetamol hidden under her bed")
    assert "self_harm" in (r.concern or []) and r.kind == "parent_contact"
    r = parse("mum phoned, Harry left a note saying sorry and goodbye next to dad's pills")
    assert "self_harm" in (r.concern or [])
    # a note of apology after a falling-out, and the class tablets, are nothing
    assert parse("Harry wrote a note saying sorry to Kai for pushing him").concern is None
    assert parse("b Kai hid the tablets in the cupboard so nobody could play").concern is None
    assert parse("b Harry hid his tablets in his cheek at lunch and spat them out").concern is None


# -- a secret that is a den or a code --------------------------------------------------------


def test_a_secret_children_make_is_no_secret_kept(parse):
    assert (
        parse("Lily lego therapy 45, the group made a secret base for their figures").concern
        is None
    )
    assert parse("Kai zones 15, he and Harry made up a secret code for their den").concern is None
    # with an adult in it, a secret place is still routed
    assert parse("Freya said her uncle has a secret den and she mustn't tell").concern is not None
    assert parse("Isla said it's our little secret").concern is not None


# -- the place of an RPI ---------------------------------------------------------------------


def test_the_place_of_an_rpi_is_no_pupil_and_keeps_its_first_word(parse_nature):
    r = parse_nature(
        "b bay kicked the door in the hall, single elbow to the calm room by me 2 mins"
    )
    assert r.rpi is not None and r.rpi.place == "hall to the calm room"
    r = parse_nature(
        "rpi noah p3 art studio, threw paint pots, seated hold by me and mrs ede 3 mins"
    )
    assert r.rpi is not None and r.rpi.place == "art studio"
    r = parse_nature("b Leah ran for the front gate at home time, guided hold by me 1 min")
    assert r.rpi is not None and r.rpi.place == "front gate"
    # a place said alone, and where the child was taken, are read as before
    r = parse_nature("b Noah kicked a chair in the corridor, guided hold by me 1 min")
    assert r.rpi is not None and r.rpi.place == "corridor"
    r = parse_nature("b Noah threw his shoes, escort back to the nurture room by me")
    assert r.rpi is not None and r.rpi.place == "nurture room"


# -- an event with no pupil and no provision -------------------------------------------------


def test_a_time_with_no_pupil_and_no_provision_is_no_session(parse):
    r = parse("fire drill after break, whole school lined up on the field in 6 mins")
    assert r.kind is None and not r.ok and "kind" in r.needs
    # a provision, or a pupil, still makes it a session that asks for the rest
    assert parse("phonics 20 mins good focus").kind == "session"
    assert parse("Kai 20 mins good focus").kind == "session"
