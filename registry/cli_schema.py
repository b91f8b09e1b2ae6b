"""`build.py schema`: refresh the schema's vocabulary enums."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.schema_sync import sync_schema


def run(args: argparse.Namespace) -> int:
    changed, message = sync_schema(Path(args.data))
    print(message, file=sys.stdout if changed or "up to date" in message else sys.stderr)
    return 0 if changed or "up to date" in message else 1
