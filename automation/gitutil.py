"""The few git questions the pull-request automation asks, with errors a person can act on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

# The schema's id pattern: anything else (a file named '--fix.yml', 'a b.yml') is left to the
# validator and never reaches the crawler's command line.
REGISTER_ID = re.compile(r"[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*")


class GitError(Exception):
    """git is missing, the folder is not a repository, or BASE is not a revision."""


def git(*args: str, cwd: Path | str = ".") -> str:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        raise GitError(exc.stderr.strip() or f"git {args[0]} failed") from None


def check_revision(base: str, cwd: Path | str = ".") -> None:
    """Refuse option-like input (git would read '--output=FILE' as an option) and unknown revisions."""
    if not base or base.startswith("-"):
        raise GitError(f"'{base}' is not a git revision")
    try:
        git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", cwd=cwd)
    except GitError:
        raise GitError(f"'{base}' is not a known git revision (fetch it first, e.g. with fetch-depth: 0)") from None


def changed_register_ids(data_dir: Path, base: str) -> list[str]:
    """Ids of register files added or modified since ``base`` (untracked files included).

    Unlike ``validate --changed`` this never widens to every file: a vocabulary change needs
    every file validated, but no URL to be crawled again.
    """
    check_revision(base, cwd=data_dir)
    registers = data_dir / "registers"
    if not registers.is_dir():
        return []
    top = Path(git("rev-parse", "--show-toplevel", cwd=registers).strip())
    tracked = git("diff", "--name-only", "-z", "--diff-filter=AMR", base, "--", ".", cwd=registers).split("\0")
    untracked = git("ls-files", "-z", "--others", "--exclude-standard", "--", ".", cwd=registers).split("\0")
    paths = [top / name for name in tracked if name] + [registers / name for name in untracked if name]
    ids = set()
    root = registers.resolve()
    for path in paths:
        path = path.resolve()
        if path.suffix == ".yml" and path.parent.parent == root and REGISTER_ID.fullmatch(path.stem):
            ids.add(path.stem)
    return sorted(ids)


def file_at(base: str, path: str, cwd: Path | str = ".") -> str | None:
    """The text of ``path`` (relative to ``cwd``) at revision ``base``, or None if it did not exist."""
    try:
        return git("show", f"{base}:./{path}", cwd=cwd)
    except GitError:
        return None
