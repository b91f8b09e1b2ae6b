"""Indexing: one run of the Pagefind binary over the whole output folder.

Pagefind splits the index by each page's ``<html lang>`` (one index per language) and only
indexes ``data-pagefind-body`` elements, which only register pages have. The glob limits the
run to register pages so it does not even parse the navigation pages. Adding pages one by one
through the Python API would be far slower, so the binary is run once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builder.errors import BuildError

GLOB = "*/registers/*/index.html"


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", GLOB, "--quiet"]


def build_index(site: Path) -> None:
    """Write <site>/pagefind/ (index, pagefind-ui.js/.css); a failure is a build error."""
    try:
        result = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(
            f"error: could not run Pagefind ({exc}); install it with 'pip install pagefind[bin]'"
        ) from None
    if result.returncode != 0 or not (site / "pagefind" / "pagefind-ui.js").exists():
        output = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError("error: Pagefind could not index the site:", *output)
