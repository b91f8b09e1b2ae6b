"""The golden mini-site: 3 registers × 2 languages (en, et) compared file by file.

Regenerate after an intended change of templates, CSS or exports, then review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/site/test_golden.py

The build uses frozen catalogues (tests/site/fixtures/locales) and prose pages in English only
(tests/site/fixtures/content; Estonian falls back to them, marked as such) so translating
site/locales/ or site/content/ does not change the golden files; the search index is left out
(Pagefind's files are binary and hashed; the browser tests cover search).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder.pipeline import build

from .conftest import FIXTURE_DATA, make_config

GOLDEN = Path(__file__).resolve().parent / "golden"
LOCALES = Path(__file__).resolve().parent / "fixtures" / "locales"
CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_golden_mini_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(make_config(FIXTURE_DATA, out, languages=("en", "et"), locales_dir=LOCALES, content_dir=CONTENT))
    built = files(out)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    expected = files(GOLDEN)
    assert sorted(built) == sorted(expected), "files added or missing; see the module docstring to regenerate"
    changed = [name for name in built if built[name] != expected[name]]
    assert not changed, f"{len(changed)} file(s) differ from tests/site/golden/, e.g. {changed[:5]}"
    assert len(built) > 150
