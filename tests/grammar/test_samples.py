"""Every example in the fixture school's messages.jsonl, checked field by field
(and, when KEYWORKER_SAMPLES names another folder of the same shape, its examples too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.grammar.parser import parse_message

from .conftest import extra_samples_dir, local, roster_from_csv, samples_dir


def _rows(folder: Path) -> list[dict]:
    path = folder / "messages.jsonl"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _params(folder: Path | None, tag: str) -> list:
    if folder is None:
        return [
            pytest.param(
                None, id=f"{tag}:unset", marks=pytest.mark.skip("KEYWORKER_SAMPLES is not set")
            )
        ]
    return [
        pytest.param((folder, r), id=f"{tag}{n}:{r['text'][:40]}")
        for n, r in enumerate(_rows(folder), 1)
    ]


def check(sample: dict, roster) -> None:
    result = parse_message(sample["text"], roster=roster, now=local(sample["now"]))
    got = result.to_contract()
    assert result.occurred_at is not None and result.occurred_at.tzinfo is not None
    for key, want in sample["expect"].items():
        if key == "occurred_on":
            actual = result.occurred_at.date().isoformat()
        else:
            assert key in got, f"{key} is not a contract field"
            actual = got[key]
        assert actual == want, (
            f"{key}: {actual!r} != {want!r} (problems: {result.problems}, notes: {result.notes!r})"
        )


@pytest.mark.parametrize("case", _params(samples_dir(), "fixture"))
def test_fixture_sample(case, sample_roster):
    check(case[1], sample_roster)


@pytest.mark.parametrize("case", _params(extra_samples_dir(), "extra"))
def test_extra_sample(case):
    folder, sample = case
    check(
        sample,
        roster_from_csv(folder / "pupils.csv", folder / "provisions.csv", folder / "staff.csv"),
    )


def test_fixture_samples_found():
    assert len(_rows(samples_dir())) >= 20
