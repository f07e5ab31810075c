"""Staff administration, audit trail, subject access and school isolation."""

from __future__ import annotations

import json

AMY = "amy.lowe@brookfield.example"
CARL = "carl.doyle@brookfield.example"  # the DSL
BETH = "beth.moss@brookfield.example"  # the SENCO


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_staff_add_role_and_deactivate(sample_cli):
    sample_cli("staff", "add", "new.lsa@brookfield.example", "New Person", "--role", "lsa")
    assert sample_cli("staff", "add", "new.lsa@brookfield.example", "Again", code=1).exit_code == 1
    sample_cli("staff", "role", "new.lsa@brookfield.example", "teacher")
    assert (
        sample_cli("staff", "role", "new.lsa@brookfield.example", "wizard", code=1).exit_code == 1
    )
    out = sample_cli("console", "--as", AMY, input="Freya phonics 20 mins\n").stdout
    assert "Logged ✓" in out
    sample_cli("staff", "deactivate", AMY)
    out = sample_cli("console", "--as", AMY, input="Freya phonics 20 mins\n/today\n").stdout
    # Told the account is not active and whom to ask (issue 18), and no pupil in a reply.
    replies = [line for line in out.splitlines()[1:] if not line.startswith("> ")]
    assert len(replies) == 2 and "Freya" not in "\n".join(replies)
    assert all(r.startswith("Your Keyworker account is not active") for r in replies)
    assert "(SENCO)" in replies[0] and "to reactivate it" in replies[0]
    actions = [e["action"] for e in _jsonl(sample_cli("audit").stdout)]
    assert {"staff_add", "staff_role", "staff_deactivate", "write"} <= set(actions)


def test_audit_filters_by_pupil_and_staff(sample_cli):
    sample_cli("console", "--as", AMY, input="Freya phonics 20 mins\nKai zones 15\n/pupil Freya\n")
    freya = _jsonl(sample_cli("audit", "--pupil", "X873331220201").stdout)
    assert [e["action"] for e in freya] == ["write", "read"]
    assert all(e["staff"] == AMY and e["platform"] == "console" for e in freya)
    assert _jsonl(sample_cli("audit", "--staff", "raj.singh@brookfield.example").stdout) == []


def test_subject_access_export_has_records_versions_and_audit(sample_cli):
    chat = "Freya phonics 20 mins\n2\nFreya phonics 25 mins\nFreya said she is scared to go home, DSL\n"
    sample_cli("console", "--as", AMY, input=chat)
    document = json.loads(sample_cli("--as", CARL, "export", "--pupil", "X873331220201").stdout)
    assert document["pupil"]["first_name"] == "Freya"
    (session,) = document["records"]["session"]
    assert session["duration_minutes"] == 25 and session["version"] == 2
    assert [v["data"]["duration_minutes"] for v in document["record_versions"]] == [20]
    assert "scared to go home" in document["safeguarding_alerts"][0]["words"]
    assert document["safeguarding_alerts"][0]["steps"] == []
    # Anyone but the DSL: the child-protection file is withheld, and says so.
    for who in ((), ("--as", BETH)):
        other = sample_cli(*who, "export", "--pupil", "X873331220201").stdout
        assert "scared to go home" not in other
        assert json.loads(other)["safeguarding_alerts"]["withheld"] == 1
    assert {"write", "amend", "safeguarding_alert"} <= {a["action"] for a in document["audit"]}
    assert "subject_access_export" in {e["action"] for e in _jsonl(sample_cli("audit").stdout)}


def test_staff_of_one_school_never_see_another_schools_pupils(sample_cli, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "staff.csv").write_text(
        "email,name,role,slack_user_id,telegram_user_id\nzed@other.example,Zed Q,senco,,\n"
    )
    sample_cli("import", "staff", str(other / "staff.csv"), "--school", "other-academy")
    out = sample_cli("parse", "--as", "zed@other.example", "Freya phonics 20").stdout
    assert json.loads(out)["pupils"] == []
    out = sample_cli("console", "--as", "zed@other.example", input="/pupil Freya\n").stdout
    assert "Phonics" not in out and "couldn't find" in out
