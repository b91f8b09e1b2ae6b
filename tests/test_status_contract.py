"""registry.status and its table registry.states: the one contract for what the crawler writes.

The crawler's tests check every status file and report the crawler really writes against
data/schema/status.schema.json and report.schema.json (tests/crawler/conftest.py); here: the
table is nowhere else, every reader classifies alike, and the records read what they write.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from registry.status import (
    RegisterStatus,
    Report,
    StatusFileError,
    read_folder,
    read_register,
    state_class,
    states,
)

REPO = Path(__file__).resolve().parent.parent
CONTRACT = {REPO / "registry" / "status.py", REPO / "registry" / "states.py"}
STATE_NAMES = set(states.STATES)
STATES_AS_VALUES = list(states.STATES)  # a list: other constants of the module are dicts (unhashable)
CLASS_NAMES = set(states.CLASSES)
STATE_CONSTANTS = {n for n in dir(states) if n.isupper() and getattr(states, n) in STATES_AS_VALUES}


def _state(node: ast.AST) -> bool:
    """A state written as a literal ("not_found") or as the contract's constant (states.NOT_FOUND)."""
    if isinstance(node, ast.Constant):
        return node.value in STATE_NAMES
    return isinstance(node, ast.Attribute) and node.attr in STATE_CONSTANTS


def _class(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in CLASS_NAMES - {"ok"}


def state_tables(tree: ast.AST) -> list[int]:
    """Lines that map states to classes (or group states by meaning) outside the contract: a dict
    from states to classes, a collection of two or more states, a function that returns a class
    for a state it compares."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Dict) and any(k is not None and _state(k) for k in node.keys) and any(
            _class(v) for v in node.values
        )) or (isinstance(node, ast.Set | ast.List | ast.Tuple) and sum(map(_state, node.elts)) >= 2):
            found.append(node.lineno)
        elif isinstance(node, ast.FunctionDef):
            compares = any(isinstance(n, ast.Compare) and any(map(_state, [n.left, *n.comparators]))
                           for n in ast.walk(node))  # fmt: skip
            returns = any(isinstance(n, ast.Return) and n.value is not None and _class(n.value) for n in ast.walk(node))
            if compares and returns:
                found.append(node.lineno)
    return found


def test_no_module_but_the_contract_maps_a_state_to_a_class() -> None:
    offenders = []
    for wing in ("registry", "builder", "crawler", "automation", "open_registers"):
        for path in sorted((REPO / wing).rglob("*.py")):
            if path in CONTRACT:
                continue
            lines = state_tables(ast.parse(path.read_text(encoding="utf-8")))
            offenders += [f"{path.relative_to(REPO)}:{line}" for line in lines]
    assert offenders == []


def test_the_detector_finds_the_tables_that_were_removed() -> None:
    old_builder = '_DEFAULT = {"ok": "ok", "redirected": "warning", "timeout": "soft"}'
    old_automation = 'HARD = frozenset({"moved", "not_found"})'
    old_function = 'def cls(state):\n    if state == "dns_error":\n        return "hard"\n    return "ok"'
    old_crawler = "REACHED = (states.OK, states.REDIRECTED)"
    for source in (old_builder, old_automation, old_function, old_crawler):
        assert state_tables(ast.parse(source)), source
    assert not state_tables(ast.parse('level = {"hard": 3, "soft": 2}\nif u.state == "redirected": pass'))


def test_every_reader_classifies_with_the_contract() -> None:
    import automation.pr_check
    import builder.status
    import crawler.history
    import crawler.reports

    assert automation.pr_check.state_class is state_class
    assert crawler.history.states is states and crawler.reports.states is states
    assert builder.status.STATES is states.STATES


@pytest.mark.parametrize(
    ("state", "detail", "expected"),
    [("dns_error", "nxdomain", "hard"), ("dns_error", "dns_error/nxdomain", "hard"), ("dns_error", "timeout", "soft"),
     ("dns_error", "resolver", "soft"), ("dns_error", None, "soft"), ("not_found", None, "hard"),
     ("timeout", None, "soft"), ("blocked", "waf", "warning"), ("ok", None, "ok"), ("quantum_error", None, "warning")],
)  # fmt: skip
def test_classes(state: str, detail: str | None, expected: str) -> None:
    assert state_class(state, detail) == expected
    assert state_class("dns_error", "nxdomain", degraded=True) == "soft"  # a degraded run proves no name gone


def test_every_state_has_a_class_and_advice() -> None:
    assert set(states.TABLE) == STATE_NAMES and len(states.STATES) == 14
    assert all(states.advice(s) for s in states.STATES if s != "ok")
    assert "does not know" in states.advice("quantum_error")


CRAWLER_FILE = {
    "register": "ee-x",
    "country": "EE",
    "checked_at": "2026-11-30T03:17:00Z",
    "stale": False,
    "urls": [
        {
            "field": "url", "url": "https://x.ee/", "state": "redirected", "detail": "permanent", "class": "warning",
            "since": "2026-11-30T03:17:00Z", "last_ok": "2026-11-30T03:17:00Z", "failing_runs": 0,
            "failing_since": None, "hard_runs": 0, "hard_since": None, "redirected_runs": 1, "stale": False,
            "http_status": 200, "final_url": "https://x.ee/et/", "suggested_url": "https://x.ee/et/",
            "message": "permanently redirected", "history": [
                {"at": "2026-11-30T03:17:00Z", "state": "redirected", "detail": "permanent", "http_status": 200}],
            "transitions": [{"at": "2026-11-30T03:17:00Z", "from": "ok", "to": "redirected"}], "newer_key": [1],
        }
    ],
}  # fmt: skip


def test_a_status_file_reads_back_as_written_and_matches_the_schema() -> None:
    status = RegisterStatus.from_json(CRAWLER_FILE)
    assert status.country == "ee" and status.key == "ee/ee-x" and status.entry is not None
    assert status.to_json() == CRAWLER_FILE  # key order included, unknown keys kept at the end
    schema = json.loads((REPO / "data" / "schema" / "status.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(CRAWLER_FILE)]
    assert errors == ["Additional properties are not allowed ('newer_key' was unexpected)"] or errors == []
    broken = json.loads(json.dumps(CRAWLER_FILE))
    broken["urls"][0]["state"] = "gone"
    assert list(Draft202012Validator(schema).iter_errors(broken))


def test_only_http_urls_reach_a_reader(tmp_path: Path) -> None:
    data = json.loads(json.dumps(CRAWLER_FILE))
    data["urls"][0]["suggested_url"] = "javascript:alert(1)"
    data["urls"].append({**data["urls"][0], "field": "search_url", "url": "javascript:alert(2)"})
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(json.dumps(data))
    status = read_register(tmp_path / "ee" / "ee-x.json")
    assert [u.field for u in status.urls] == ["url"] and status.urls[0].suggested_url == ""
    report = Report.from_json({"results": [{"url": "https://x.ee/", "state": "ok", "final_url": "data:x"}]})
    assert report.results[0].final_url == ""


def test_a_malformed_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-a.json").write_text("{not json")
    (tmp_path / "ee" / "ee-b.json").write_text('{"urls": "x"}')
    (tmp_path / "summary.json").write_text("[]")
    with pytest.raises(StatusFileError) as caught:
        read_folder(tmp_path)
    messages = caught.value.messages
    assert len(messages) == 3
    assert any("ee-a.json:1:2: error: not valid JSON" in m for m in messages)
    assert any("ee-b.json:1:1: error: not a crawler result" in m for m in messages)
    assert any("summary.json:1:1: error: expected a JSON object" in m for m in messages)


def test_a_status_belongs_to_a_register_and_its_url() -> None:
    status = RegisterStatus.from_json(CRAWLER_FILE)
    assert status.for_urls({"url": "https://x.ee/"}) == status
    assert status.for_urls({"url": "https://new.x.ee/"}) is None
