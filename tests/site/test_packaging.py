"""`pip install .` (not editable) works for every command, from outside the checkout.

The wheel is built from the checkout with the installed setuptools (no build isolation, no
network), installed into a fresh virtual environment that sees this interpreter's packages
(``--system-site-packages``: the dependencies are already here, nothing is downloaded), and
run from a folder that is not the checkout, so only the installed copy can answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "site" / "fixtures" / "data"
ENV = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1", "PYTHONDONTWRITEBYTECODE": "1"}
ENV.pop("PYTHONPATH", None)


def run(command: list[str | Path], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=timeout, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"  # a copy: building must not leave build/ or *.egg-info in the checkout
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", "public", ".public*", "build", "dist",
                                                                  "*.egg-info", "__pycache__", ".pytest_cache",
                                                                  "node_modules", ".venv*"))  # fmt: skip
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                 "-w", root / "wheels", source], cwd=root)  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = list((root / "wheels").glob("open_registers_directory-*.whl"))
    assert len(wheels) == 1
    env = root / "venv"
    created = run([sys.executable, "-m", "venv", "--system-site-packages", env], cwd=root)
    assert created.returncode == 0, created.stderr
    installed = run([env / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", wheels[0]], cwd=root)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return env


def test_the_wheel_holds_every_package_and_the_site_files(venv: Path) -> None:
    code = ("import builder, crawler.spiders, open_registers, builder.config as c; "
            "print(builder.__file__); print(crawler.spiders.__file__); print(c.SITE_DIR)")  # fmt: skip
    result = run([venv / "bin" / "python", "-c", code], cwd=venv.parent)
    assert result.returncode == 0, result.stderr
    builder_file, spiders_file, site_dir = result.stdout.split()
    for path in (builder_file, spiders_file, site_dir):
        assert Path(path).is_relative_to(venv), path  # the installed copy, not the checkout
    site = Path(site_dir)
    for name in ("templates/base.html", "static/style.css", "locales/et/LC_MESSAGES/messages.po",
                 "content/en/about.md"):  # fmt: skip
        assert (site / name).is_file(), name


def test_the_installed_commands_validate_build_and_crawl_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    validated = run([venv / "bin" / "ord", "validate", "--data", data], cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = run([venv / "bin" / "ord", "build", "--data", data, "--out", tmp_path / "public", "--languages",
                 "en,et", "--jobs", "1"], cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    assert "read and validate:" in built.stdout and "built 3 registers" in built.stdout
    public = tmp_path / "public"
    assert (public / "static" / "style.css").is_file()
    assert (public / "et" / "registers" / "ee-kutseregister" / "index.html").is_file()
    assert (public / "en" / "pagefind" / "pagefind-entry.json").is_file()
    quiet = run([venv / "bin" / "ord", "build", "--data", data, "--out", tmp_path / "public", "--languages", "en",
                 "--no-search", "--quiet"], cwd=tmp_path)  # fmt: skip
    assert quiet.returncode == 0 and quiet.stdout == "", quiet.stdout + quiet.stderr
    crawler = run([venv / "bin" / "python", "-m", "crawler", "--help"], cwd=tmp_path)
    assert crawler.returncode == 0 and "usage" in crawler.stdout.lower(), crawler.stdout + crawler.stderr
    script = run([venv / "bin" / "ord-crawl", "--help"], cwd=tmp_path)
    assert script.returncode == 0 and "usage" in script.stdout.lower(), script.stdout + script.stderr
