"""``python -m crawler``: see :mod:`crawler.cli`.

The process ends with ``os._exit`` once the outputs are flushed: an interrupted Twisted run can
leave coroutines behind whose clean-up at interpreter shutdown prints tracebacks (and tearing
down a large heap only costs time). Every file the run writes is complete by then.
"""

import os
import sys

from crawler.cli import main

code = main()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
