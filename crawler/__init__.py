"""The register link checker: a Scrapy project run in-process by ``python -m crawler``.

It tells live, moved, blocked and dead registers apart (docs/design.md, "Crawler states"), keeps a
history per register in ``data/status/`` and reports what a person has to look at. Importing
this package is cheap on purpose: Scrapy and Twisted are only imported once a crawl starts,
so ``--help`` and data errors answer at once.
"""
