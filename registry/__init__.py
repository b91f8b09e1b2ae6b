"""Load and validate the register files: the one module shared by build.py and the crawler.

Everything that reads ``data/`` goes through :func:`load_registry`, so the site and the
crawler can never disagree about what a register file means.
"""

from registry.loader import LoadResult, Register, load_registry
from registry.problems import Problem

__all__ = ["LoadResult", "Problem", "Register", "load_registry"]
