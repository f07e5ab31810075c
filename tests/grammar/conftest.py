"""Fixtures for the /log grammar tests: the sample school's roster, a second
fictional roster of our own, and a helper to parse at a fixed local time."""

from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers.grammar.parser import parse_message
from handlers.grammar.roster import Roster, RosterProvision, RosterPupil

LONDON = ZoneInfo("Europe/London")
REPO = Path(__file__).resolve().parents[2]


def samples_dir() -> Path:
    """The repository's own fictional school (tests/fixtures/brookfield)."""
    return REPO / "tests" / "fixtures" / "brookfield"


def extra_samples_dir() -> Path | None:
    """KEYWORKER_SAMPLES: another folder of the same shape, checked as well when set."""
    env = os.environ.get("KEYWORKER_SAMPLES")
    return Path(env) if env else None


def local(iso: str) -> datetime:
    """'2026-06-09T15:30' as an aware Europe/London datetime."""
    return datetime.fromisoformat(iso).replace(tzinfo=LONDON)


def roster_from_csv(
    pupils_csv: Path, provisions_csv: Path, staff_csv: Path | None = None
) -> Roster:
    """A Roster from the import CSVs; ids are 1-based data row numbers."""
    with provisions_csv.open(newline="", encoding="utf-8") as fh:
        prov_rows = list(csv.DictReader(fh))
    by_upn: dict[str, list[RosterProvision]] = {}
    for n, row in enumerate(prov_rows, start=1):
        by_upn.setdefault(row["upn"], []).append(
            RosterProvision(
                id=n,
                name=row["provision"],
                area_of_need=row["area_of_need"],
                sessions_per_week=int(row["sessions_per_week"]),
                minutes_per_session=int(row["minutes_per_session"]),
            )
        )
    with pupils_csv.open(newline="", encoding="utf-8") as fh:
        pupil_rows = list(csv.DictReader(fh))
    pupils = tuple(
        RosterPupil(
            id=n,
            upn=row["upn"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            preferred_name=row.get("preferred_name") or None,
            provisions=tuple(by_upn.get(row["upn"], ())),
        )
        for n, row in enumerate(pupil_rows, start=1)
    )
    staff: tuple[str, ...] = ()
    if staff_csv is not None and staff_csv.exists():
        with staff_csv.open(newline="", encoding="utf-8") as fh:
            staff = tuple(row["name"] for row in csv.DictReader(fh))
    return Roster(pupils=pupils, staff_names=staff)


@pytest.fixture(scope="session")
def sample_roster() -> Roster:
    d = samples_dir()
    return roster_from_csv(d / "pupils.csv", d / "provisions.csv", d / "staff.csv")


def provision(
    pid: int,
    name: str,
    minutes: int = 20,
    *,
    area: str = "Cognition and learning",
    per_week: int = 3,
) -> RosterProvision:
    """A provision for the hand-made rosters of the grammar tests."""
    return RosterProvision(
        id=pid,
        name=name,
        area_of_need=area,
        sessions_per_week=per_week,
        minutes_per_session=minutes,
    )


def build_other_roster() -> Roster:
    """Oakfield Juniors: fictional, with the awkward names the grammar must handle."""
    p = provision
    pupils = (
        RosterPupil(
            1,
            "A100",
            "Sam",
            "Brown",
            provisions=(p(101, "Read Write Inc"), p(102, "Occupational therapy")),
        ),
        RosterPupil(2, "A101", "Sam", "Patel", provisions=(p(103, "Numicon"), p(104, "SALT", 30))),
        RosterPupil(
            3, "A102", "Zoë", "Ashworth", provisions=(p(105, "Sensory diet"), p(106, "Toe by Toe"))
        ),
        RosterPupil(
            4,
            "A103",
            "Chloe-Mae",
            "O'Neill",
            provisions=(p(107, "Nurture group"), p(108, "Speech and language therapy")),
        ),
        RosterPupil(
            5, "A104", "Jo-Ann", "Fairweather", provisions=(p(109, "Handwriting without tears"),)
        ),
        RosterPupil(
            6,
            "A105",
            "Ava",
            "Kowalczyk",
            provisions=(p(110, "Emotion coaching"), p(111, "Precision teaching")),
        ),
        RosterPupil(
            7,
            "A106",
            "Alexander",
            "Okafor",
            preferred_name="Xander",
            provisions=(p(112, "Social stories"),),
        ),
        RosterPupil(8, "A107", "Will", "Barnes", provisions=(p(113, "Five minute box"),)),
        RosterPupil(
            9,
            "A108",
            "Mohammed",
            "Ali",
            provisions=(p(114, "Lego therapy"), p(115, "Movement breaks")),
        ),
        RosterPupil(10, "A109", "Chloe", "Smith", provisions=(p(116, "Phonics"),)),
        RosterPupil(11, "A110", "Ruairí", "Ó Dónaill", provisions=(p(117, "Colourful semantics"),)),
        RosterPupil(12, "A111", "Sam", "Bell", provisions=(p(118, "Phonics"),)),
    )
    return Roster(pupils=pupils)


@pytest.fixture(scope="session")
def other_roster() -> Roster:
    return build_other_roster()


def build_word_roster() -> Roster:
    """Hazelwood Primary: fictional, with names that are words, short forms,
    shared first names and similar surnames (issue 11)."""
    p = provision
    pupils = (
        RosterPupil(1, "H1", "Summer", "Reilly", provisions=(p(1, "Zones of Regulation", 15), p(2, "SALT", 20))),
        RosterPupil(2, "H2", "Grace", "Okonkwo", provisions=(p(3, "Socially Speaking", 30), p(4, "Numicon"))),
        RosterPupil(3, "H3", "Rose", "Adebayo", provisions=(p(5, "Read Write Inc"), p(6, "Nurture group", 60))),
        RosterPupil(4, "H4", "Jack", "Turner", provisions=(p(7, "Lego therapy", 45), p(8, "Zones of Regulation", 15))),
        RosterPupil(5, "H5", "Teddy", "May", provisions=(p(9, "Lego therapy", 45), p(10, "Fine motor skills", 15))),
        RosterPupil(6, "H6", "Josh", "Carter", provisions=(p(11, "Lego therapy", 45),)),
        RosterPupil(7, "H7", "William", "Price", preferred_name="Will", provisions=(p(12, "Occupational therapy", 30), p(13, "Lego therapy", 45))),
        RosterPupil(8, "H8", "Oscar", "Williams", provisions=(p(14, "Counselling", 30), p(15, "Lexia"))),
        RosterPupil(9, "H9", "Samuel", "Okafor", preferred_name="Sammy", provisions=(p(16, "ELSA", 30),)),
        RosterPupil(10, "H10", "Sam", "Brown", provisions=(p(17, "Phonics"),)),
        RosterPupil(11, "H11", "Ava", "Thompson", provisions=(p(18, "Precision teaching", 10),)),
        RosterPupil(12, "H12", "Ava", "Nowak", provisions=(p(19, "Handwriting", 15),)),
        RosterPupil(13, "H13", "Aleksander", "Nowicki", preferred_name="Olek", provisions=(p(20, "Mentoring", 50),)),
        RosterPupil(14, "H14", "Mohammed", "Rahman", provisions=(p(21, "Precision teaching", 15),)),
        RosterPupil(15, "H15", "Mohammed", "Iqbal", provisions=(p(22, "Lexia", 30),)),
        RosterPupil(16, "H16", "Noah", "Clarke", provisions=(p(23, "SALT", 30),)),
        RosterPupil(17, "H17", "Leo", "Nowak", provisions=(p(24, "TEACCH work station", 20),)),
    )  # fmt: skip
    return Roster(pupils=pupils)


@pytest.fixture(scope="session")
def word_roster() -> Roster:
    return build_word_roster()


@pytest.fixture
def parse_words(word_roster):
    def _parse(text, now=NOW, **kw):
        return parse_message(text, roster=word_roster, now=now, **kw)

    return _parse


def build_nature_roster() -> Roster:
    """Willowbrook Primary: fictional, with first names that are words for materials,
    places and plants (Clay, Forest, Bay, Willow, Ivy) and a month (May)."""
    p = provision
    pupils = (
        RosterPupil(1, "W1", "Clay", "Hartley", provisions=(p(1, "Zones of Regulation", 15), p(2, "Lego therapy", 45))),
        RosterPupil(2, "W2", "Forest", "Oyelaran", provisions=(p(3, "Lego therapy", 45), p(4, "Handwriting", 15))),
        RosterPupil(3, "W3", "Bay", "Whitfield", provisions=(p(5, "Occupational therapy", 30),)),
        RosterPupil(4, "W4", "May", "Kowalski", provisions=(p(6, "Physiotherapy", 30),)),
        RosterPupil(5, "W5", "Ivy", "Mensah", provisions=(p(7, "Fine motor skills", 20), p(8, "Occupational therapy", 30))),
        RosterPupil(6, "W6", "Willow", "Grant", provisions=(p(9, "Nurture group", 60),)),
        RosterPupil(7, "W7", "Noah", "Pembridge", provisions=(p(10, "Fine motor skills", 20), p(11, "Handwriting", 15))),
        RosterPupil(8, "W8", "Leah", "Castellano", provisions=(p(12, "Occupational therapy", 30), p(13, "Social stories"))),
    )  # fmt: skip
    return Roster(pupils=pupils)


@pytest.fixture(scope="session")
def nature_roster() -> Roster:
    return build_nature_roster()


@pytest.fixture
def parse_nature(nature_roster):
    def _parse(text, now=NOW, **kw):
        return parse_message(text, roster=nature_roster, now=now, **kw)

    return _parse


def build_season_roster() -> Roster:
    """Ashgrove Primary: fictional, with first names that are words for seasons, food and
    games (Winter, Honey, Chase, Autumn, Sky, Kit), a deaf resource base, and two Ellies."""
    p = provision
    pupils = (
        RosterPupil(1, "S1", "Winter", "Okoro", provisions=(p(1, "Teacher of the Deaf support", 45), p(2, "BSL support", 60))),
        RosterPupil(2, "S2", "Honey", "Marsh", provisions=(p(3, "ELSA", 30), p(4, "Cookery skills", 45))),
        RosterPupil(3, "S3", "Chase", "Adeyemi", provisions=(p(5, "Social skills group", 30),)),
        RosterPupil(4, "S4", "Autumn", "Reid", provisions=(p(6, "ELSA", 30), p(7, "Occupational therapy", 30))),
        RosterPupil(5, "S5", "Maya", "Lindqvist", provisions=(p(8, "ELSA", 30), p(9, "Auditory verbal therapy", 30), p(10, "Radio aid check", 10))),
        RosterPupil(6, "S6", "Ellie", "Brennan", provisions=(p(11, "Lego therapy", 45),)),
        RosterPupil(7, "S7", "Ellie", "Sowerby", provisions=(p(12, "Lego therapy", 45),)),
        RosterPupil(8, "S8", "Tomasz", "Wilk", provisions=(p(13, "Mentoring", 30), p(14, "Zones of Regulation", 15))),
        RosterPupil(9, "S9", "Sky", "Addo", provisions=(p(15, "Occupational therapy", 30),)),
        RosterPupil(10, "S10", "Christopher", "Lamb", preferred_name="Kit", provisions=(p(16, "Hydrotherapy", 30),)),
    )  # fmt: skip
    return Roster(pupils=pupils)


@pytest.fixture(scope="session")
def season_roster() -> Roster:
    return build_season_roster()


@pytest.fixture
def parse_season(season_roster):
    def _parse(text, now=NOW, **kw):
        return parse_message(text, roster=season_roster, now=now, **kw)

    return _parse


def routed(result, category: str) -> bool:
    """The parse routed a concern of this category to the DSL."""
    return result.concern is not None and category in result.concern


# A Tuesday in term, in BST: the samples' clock.
NOW = local("2026-06-09T15:30")


@pytest.fixture
def parse(sample_roster):
    def _parse(text, now=NOW, roster=None, **kw):
        return parse_message(text, roster=roster or sample_roster, now=now, **kw)

    return _parse


@pytest.fixture
def parse_other(other_roster):
    def _parse(text, now=NOW, **kw):
        return parse_message(text, roster=other_roster, now=now, **kw)

    return _parse
