"""Every example in samples/messages.jsonl, checked field by field."""

from __future__ import annotations

import json

import pytest

from handlers.grammar.parser import parse_message

from .conftest import local, samples_dir


def _samples():
    path = samples_dir() / "messages.jsonl"
    if not path.exists():
        return []
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [pytest.param(r, id=f"{n}:{r['text'][:40]}") for n, r in enumerate(rows, start=1)]


@pytest.mark.parametrize("sample", _samples())
def test_sample(sample, sample_roster):
    now = local(sample["now"])
    result = parse_message(sample["text"], roster=sample_roster, now=now)
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


def test_samples_found():
    assert _samples(), "messages.jsonl not found: set KEYWORKER_SAMPLES"
