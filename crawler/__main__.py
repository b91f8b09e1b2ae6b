"""``python -m crawler``: see :mod:`crawler.cli`."""

import sys

from crawler.cli import main

sys.exit(main())
