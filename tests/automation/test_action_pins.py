"""Every action is pinned by commit SHA to a release that runs on Node 24 (issue 12, item 5).

GitHub removed Node 20 from its runners in September 2026; an action whose action.yml says
`node20` then runs only through a forced fallback with a warning on every run. The first release
of each action we use that declares `node24` is listed below (from each action's release notes);
a pin below it, a tag pin, or a SHA without its version comment fails here, before a workflow runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / ".github" / "workflows").glob("*.yml"))

#: The first release of each action whose action.yml declares `runs.using: node24`.
FIRST_NODE24_RELEASE: dict[str, tuple[int, ...]] = {
    "actions/checkout": (5, 0, 0),
    "actions/setup-python": (6, 0, 0),
    "actions/setup-node": (5, 0, 0),
    "actions/upload-artifact": (6, 0, 0),
    "actions/download-artifact": (6, 0, 0),
    "actions/configure-pages": (6, 0, 0),
    # A composite action, but v5 is the first whose nested upload-artifact runs on Node 24.
    "actions/upload-pages-artifact": (5, 0, 0),
    "actions/deploy-pages": (5, 0, 0),
}

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")
PIN = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION = re.compile(r"^v(?P<version>\d+(?:\.\d+){0,2})$")


def pins() -> list[tuple[str, int, str, str]]:
    """(file, line, ref, comment) of every remote action a workflow uses."""
    found = []
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = USES.match(line)
            if match and not match["ref"].startswith("./"):
                found.append((path.name, number, match["ref"], (match["comment"] or "").strip()))
    return found


def version_tuple(text: str) -> tuple[int, ...]:
    parts = tuple(int(part) for part in text.split("."))
    return parts + (0,) * (3 - len(parts))


def test_the_workflows_use_actions() -> None:
    assert len(pins()) >= 10


@pytest.mark.parametrize(("file", "line", "ref", "comment"), pins())
def test_each_action_is_pinned_to_a_node24_release(file: str, line: int, ref: str, comment: str) -> None:
    where = f"{file}:{line}"
    pin = PIN.match(ref)
    assert pin, f"{where}: pin {ref!r} by its full commit SHA, not a tag or branch"
    version = VERSION.match(comment)
    assert version, f"{where}: write the release after the SHA as a comment, e.g. '# v5.0.0'"
    action = pin["action"]
    assert action in FIRST_NODE24_RELEASE, (
        f"{where}: {action} is new here; check that its action.yml declares node24 and add it to "
        "FIRST_NODE24_RELEASE"
    )
    assert version_tuple(version["version"]) >= FIRST_NODE24_RELEASE[action], (
        f"{where}: {action} {comment} runs on Node 20; move to "
        f"v{'.'.join(map(str, FIRST_NODE24_RELEASE[action]))} or later"
    )


def test_one_sha_per_release() -> None:
    """The same release must not be pinned to two different commits (a typo in one place)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for _file, _line, ref, comment in pins():
        action, _, sha = ref.partition("@")
        seen.setdefault((action, comment), set()).add(sha)
    assert {key: shas for key, shas in seen.items() if len(shas) > 1} == {}
