#!/usr/bin/env python3
"""Open Registers Directory: validate the data, build the site, serve it.

python build.py validate [--data DIR]     check every register file
python build.py [build] [--out DIR]       validate, then build the static site
python build.py serve [--port 8000]       build, serve locally, rebuild what an edit touches
python build.py new --country PT --name … scaffold a new register file
python build.py schema                    update the schema's vocabulary enums
python build.py coverage [--country CC]   the country × need matrix and its gaps
python build.py review [--limit N]        registers whose evidence is weakest, first

The same commands are installed as ``ord COMMAND`` (see open_registers/cli.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from open_registers import cli
from open_registers.cli import _Parser, make_parser

__all__ = ["_Parser", "main", "make_parser"]


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, prog="build.py")


if __name__ == "__main__":
    sys.exit(main())
