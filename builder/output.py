"""The output folder is replaced only by a complete build.

The build writes into a temporary folder beside ``--out`` (same file system, so renaming is
atomic), then swaps: old → backup, new → out, backup removed. On any failure the temporary
folder is removed and the previous output stays untouched, so a web server or ``serve`` never
serves a half-written site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A fresh folder to build into; swapped into place when the block ends without an error."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    swap(temp, out_dir)


def swap(new: Path, out_dir: Path) -> None:
    os.chmod(new, 0o755)  # mkdtemp makes it private; a web server must be able to read it
    if out_dir.exists():
        backup = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        shutil.rmtree(backup, ignore_errors=True)
        os.replace(out_dir, backup)
        os.replace(new, out_dir)
        shutil.rmtree(backup, ignore_errors=True)
    else:
        os.replace(new, out_dir)
