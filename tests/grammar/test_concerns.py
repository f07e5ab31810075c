"""Safeguarding by meaning (issue 11): concerns in ordinary words reach the DSL,
in every KCSIE category; ordinary uses of the same words stay what they are."""

from __future__ import annotations

import pytest

from handlers.grammar import concerns


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # disclosure and reported speech
        ("Kai said he doesnt see the point anymore and wants to end it", "self_harm"),
        (
            "Harry asked if i could keep a secret then said dad hits mum when he's drunk",
            "domestic_abuse",
        ),
        ("Freya wrote in her english book that she wants to die", "self_harm"),
        ("Lily disclosed at lunch", "disclosure"),
        ("Kai told me his cousin touched his private parts", "sexual_abuse"),
        ("Isla said she is scared to go home", "emotional_abuse"),
        ("Max told me his uncle makes him keep secrets", "disclosure"),
        # injuries and marks
        ("Aarav has a black eye, story doesn't add up", "physical_abuse"),
        ("hand-shaped mark on Gracie's back noticed at PE", "physical_abuse"),
        ("Ethan bruise on his arm, says he fell", "physical_abuse"),
        ("Lily has small round burn on the back of her hand", "physical_abuse"),
        ("Freya has fresh cuts on her forearm, pulled her sleeve down", "self_harm"),
        # harm by adults, at home
        ("Kai said his step dad smacks him with a belt", "physical_abuse"),
        ("Max says he gets beaten if he doesn't do his chores", "physical_abuse"),
        ("Harry came in with a cut lip and a swollen eye", "physical_abuse"),
        ("Lily said dad threw a plate at mum", "domestic_abuse"),
        ("Freya said mum and her boyfriend were screaming and the police came", "domestic_abuse"),
        # neglect and young carers
        ("Aarav no breakfast all week and the same uniform", "neglect"),
        ("Isla keeps falling asleep in lessons, looks after her baby brother at night", "neglect"),
        ("Max young carer, up all night with mum", "neglect"),
        ("Ethan says nobody was home last night and he made his own tea", "neglect"),
        ("Kai not eating for two weeks", "self_harm"),
        # exploitation and online harm
        ("older lads waiting at the gate for Harry with a new phone", "exploitation"),
        ("Kai doing 'running' for his cousin", "exploitation"),
        ("a man at the park gives Lily sweets and says it's their secret", "exploitation"),
        ("Max said a teenager gave him £20 to take a bag to a house", "exploitation"),
        ("Freya said someone on snapchat asked her for pictures", "online_harm"),
        ("Aarav plays call of duty with adults at 2am", "online_harm"),
        # forced marriage, FGM, radicalisation, missing education
        ("Isla going abroad in the summer to get engaged at 15", "forced_marriage"),
        ("Gracie's aunty is taking her abroad for a special ceremony to become a woman", "fgm"),
        ("Kai keeps saying all muslims should be killed", "radicalisation"),
        ("Harry drew a swastika and said hitler was right", "radicalisation"),
        ("Lily not been in school for 3 weeks, family not answering", "missing_education"),
        ("Ethan absent 12 days now, no contact from home", "missing_education"),
        # worry words
        ("Gracie very withdrawn this week, not herself", "general"),
        ("passed to DSL re Max", "general"),
    ],
)
def test_a_concern_is_recognised_by_what_it_says(parse, text, category):
    r = parse(text)
    assert r.concern, (text, r.kind)
    assert category in r.concern, (text, r.concern)


@pytest.mark.parametrize(
    "text",
    [
        "Kai said he enjoyed the session",
        "Freya told me about her holiday to spain",
        "Harry fell over in the playground, grazed knee, first aid given",
        "b Lily hit the table in frustration",
        "Ethan kicked the ball over the fence",
        "Aarav tired after swimming",
        "Isla hungry before lunch, had snack",
        "Max killed it in maths today",
        "Gracie says she is dying to go to the toilet",
        "Kai worried about his spelling test tomorrow",
        "Freya scared of the dark in the sensory room",
        "Harry fine motor 15 mins, cut out shapes beautifully",
        "Lily got full marks in her spelling",
        "Max read the very hungry caterpillar",
        "Kai bumped his head on the table in pe, ice pack, head bump letter sent home",
        "Harry kept a secret santa present hidden",
        "Ethan didnt want to go home at the end of the day because he loves school",
        "Isla engaged really well in the activity",
        "Gracie got engaged in the story and answered questions",
        "Kai used a knife and fork at lunch independently",
        "Aarav's mum rang, concerned about his reading",
        "Max off school for 2 days with a bug",
        "Lily said her nan is poorly in hospital",
        "b Kai no physical intervention needed, calmed with zones",
        "RPI Max guided hold 1 min, checked after: no marks",
    ],
)
def test_ordinary_uses_are_not_concerns(parse, text):
    r = parse(text)
    assert r.concern is None, (text, r.concern, r.safeguarding_flags)


def test_negation_is_honoured(parse):
    assert parse("b Kai hit peer, no marks or bruising seen").concern is None
    assert parse("Freya checked for injuries, none found").concern is None
    assert parse("no safeguarding concerns, Kai fine today").concern is None


def test_concern_categories_are_in_contract_order(parse):
    r = parse("Harry said his dad hit him and there is no food at home")
    assert r.concern == ["disclosure", "physical_abuse", "neglect"]
    assert r.to_contract()["concern"] == r.concern


def test_a_concern_only_message_is_safeguarding_and_keeps_the_words(parse):
    r = parse("Kai said his dad hits him")
    assert r.kind == "safeguarding" and r.ok
    assert r.safeguarding_flags == ["his dad hits"]


def test_a_kind_word_for_the_dsl_is_a_concern(parse):
    r = parse("concern: Kai")
    assert r.kind == "safeguarding" and r.concern == ["general"]


def test_no_rule_pattern_carries_an_f_string_artefact():
    # A quantifier typed into an f-string ("{0,6}") silently becomes "(0, 6)".
    assert all("(0, " not in r.pattern.pattern for r in concerns.RULES)


def test_every_rule_has_a_gate_worth_having():
    # A gate of single letters would let a rule run on every message.
    for rule in concerns.RULES:
        assert rule.gate, rule.pattern.pattern[:60]
        assert min(map(len, rule.gate)) >= 2, (rule.gate, rule.pattern.pattern[:60])


@pytest.mark.parametrize(
    "text",
    [
        # the child's own scratching near a mark is no story that explains the mark
        "Kai has a bruise on her arm, scratched at it all lesson",
        "Freya bruise on her cheek, scratched her face in maths too",
    ],
)
def test_a_verb_of_hurting_with_nobody_named_explains_no_mark(parse, text):
    r = parse(text)
    assert r.concern and "physical_abuse" in r.concern, (text, r.concern)


@pytest.mark.parametrize(
    "text",
    [
        "b Kai scratched Mrs Khan during the hold, small mark on her hand",
        "b Freya kicked me when I moved her chair, bruise on my shin",
        "Kai cut his leg in PE, first aid given, mum told at pick up",
        "Freya phonics 20, red mark on her finger, I saw her pinch it in the pegboard",
        "Kai small bruise on his shin, saw him bang it on the table leg",
        "Freya red mark on her thumb, trapped it in the door at break",
    ],
)
def test_a_mark_on_staff_or_a_witnessed_accident_is_no_concern(parse, text):
    r = parse(text)
    assert not r.concern, (text, r.concern)


def test_falling_asleep_explains_no_mark(parse):
    r = parse("Kai falls asleep in class most days and has a bruise on his arm")
    assert r.concern and "physical_abuse" in r.concern, r.concern
