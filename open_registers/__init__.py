"""Open Registers Directory: the command line (``ord`` and ``ord-crawl``, or ``python build.py``)."""
