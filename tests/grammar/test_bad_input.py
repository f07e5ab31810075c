"""Bad input: empty, huge, control characters, injection-looking text, anything at all."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.grammar.parser import CRASH, EMPTY, parse_message
from handlers.grammar.result import ParseOverrides, ParseResult
from handlers.wording import MAX_MESSAGE_CHARS, too_long

from .conftest import NOW, build_other_roster

ROSTER = build_other_roster()


def test_empty_and_whitespace(parse):
    for text in ("", "   ", "\n\t ", "\u200b\u200b", "\x00\x01"):
        r = parse(text)
        assert not r.ok
        assert r.problems == [EMPTY]
        assert r.occurred_at == NOW


def test_too_long_is_refused_with_the_one_limit(parse):
    for text in (
        ("Freya phonics 20 mins good focus " * 130).strip(),
        "x" * (MAX_MESSAGE_CHARS * 5),
    ):
        r = parse(text)
        assert not r.ok
        assert r.problems == [too_long(len(text))]
        assert f"{MAX_MESSAGE_CHARS:,}" in r.problems[0]


def test_just_under_the_cap_still_parses(parse):
    text = "Freya phonics 20 mins " + "good focus and effort " * 180
    assert len(text) < MAX_MESSAGE_CHARS
    r = parse(text)
    assert r.ok and r.duration_minutes == 20


def test_control_characters_stripped(parse):
    r = parse("Freya\x00 phonics\x07 20\u200b mins\r\ngood focus\x1b")
    assert r.ok, r.problems
    assert [p.full_name for p in r.pupils] == ["Freya Jones"]
    assert r.notes == "good focus"


def test_sql_is_just_text(parse):
    r = parse("Freya phonics 20'; DROP TABLE sessions; --")
    assert r.ok
    assert "DROP TABLE sessions" in r.notes


def test_gibberish(parse):
    r = parse("qwpoeiru zxmcnv")
    assert not r.ok
    assert r.kind is None


def test_emoji_and_other_scripts(parse):
    r = parse("Freya phonics 20 mins 👍 très bien 好")
    assert r.ok
    assert "👍" in r.notes


def test_non_string_input_does_not_raise():
    for bad in (None, 123, b"bytes"):
        r = parse_message(bad, roster=ROSTER, now=NOW)  # type: ignore[arg-type]
        assert isinstance(r, ParseResult)
        assert not r.ok
        assert CRASH not in r.problems


def test_empty_roster(parse):
    from handlers.grammar.roster import Roster

    r = parse("Freya phonics 20", roster=Roster())
    assert not r.ok


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_a_result(text):
    r = parse_message(text, roster=ROSTER, now=NOW)
    assert isinstance(r, ParseResult)
    assert r.occurred_at is not None and r.occurred_at.tzinfo is not None
    assert isinstance(r.notes, str)
    assert CRASH not in r.problems  # handled, not caught by the safety net
    r.to_contract()


_WORDS = st.sampled_from(
    "Sam Sam B Zoë chloe-mae Jo-Ann Ava's will may 5 15 20m 1h15 half an hour 3/6 31/2 9:05 10.15am "
    "2pm yesterday Mon Th last Friday tomorrow on the 12th 17 Nov session s b p behaviour parent "
    "rang mum emailed letter home RPI guided hold missed absent DSL said something zones pt salt "
    "phonics lego therapy numicon , . : - ' ( ) / + & @ # £ 😀 \x00 \u200b".split(" ")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=25), st.booleans())
def test_grammar_like_text_gives_a_result(words, with_override):
    ov = ParseOverrides(pupil_ids=[1, 2], provision_id=101) if with_override else None
    r = parse_message(" ".join(words), roster=ROSTER, now=NOW, overrides=ov)
    assert isinstance(r, ParseResult)
    assert CRASH not in r.problems
    contract = r.to_contract()
    assert contract["ok"] == (not r.problems)
    if r.time_given is False and r.ok:
        assert r.occurred_at <= NOW
