"""Repository settings that contributors meet first: yamllint, pre-commit, editorconfig, PR template."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


def yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(REPO / ".yamllint.yml"), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_yamllint_accepts_the_data_and_workflows_as_they_are() -> None:
    pytest.importorskip("yamllint")
    paths = [REPO / "data" / "vocabularies", REPO / "data" / "registers", REPO / ".github"]
    paths += [REPO / ".pre-commit-config.yaml", REPO / ".yamllint.yml"]
    run = yamllint(*paths)
    assert run.returncode == 0, run.stdout + run.stderr


def test_yamllint_accepts_the_house_style(tmp_path: Path) -> None:
    """Long lines, flow mappings, the modeline, no '---', and Norway's 'NO' are all fine."""
    pytest.importorskip("yamllint")
    sample = tmp_path / "no-register.yml"
    sample.write_text(
        "# yaml-language-server: $schema=../../schema/register.schema.json\n"
        "id: no-register\ncountry: NO\n"
        "name: {nb: Registeret, en: The register with a very long English name " + "that goes on " * 10 + "}\n"
        "languages: [nb, no, en]   # aligned comment\n"
        "access:\n  captcha: false\n"
        "sources:\n  - url: https://www.example.no/\n",
        encoding="utf-8",
    )
    run = yamllint(sample)
    assert run.returncode == 0, run.stdout


def test_yamllint_still_catches_real_mistakes(tmp_path: Path) -> None:
    pytest.importorskip("yamllint")
    sample = tmp_path / "bad.yml"
    sample.write_text("id: x\nid: y\nname:   \n   en: badly indented\nkind: other   \n", encoding="utf-8")
    out = yamllint(sample).stdout
    assert "duplication of key" in out
    assert "trailing spaces" in out


def test_pre_commit_hooks() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "yamllint", "validate"} <= set(hooks)
    assert "-c .yamllint.yml" in hooks["yamllint"]["entry"]
    assert hooks["validate"]["entry"] == "python build.py validate"
    assert all(repo["repo"] == "local" for repo in config["repos"])  # offline, same versions as CI
    if shutil.which("pre-commit"):
        run = subprocess.run(
            ["pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=REPO, capture_output=True
        )
        assert run.returncode == 0, run.stdout


def test_editorconfig_matches_the_linters() -> None:
    text = (REPO / ".editorconfig").read_text(encoding="utf-8")
    assert "root = true" in text and "end_of_line = lf" in text
    assert "max_line_length = 120" in text  # ruff's line-length in pyproject.toml


def test_pull_request_template_asks_for_sources() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Sources" in text
    assert "Source (URL)" in text
