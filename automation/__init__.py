"""Maintainers' and CI automation: the logic the GitHub workflows call, kept in Python so it is tested.

- :mod:`automation.github`: a small GitHub REST client (urllib; ``GITHUB_API_URL`` points it
  at a loopback fake in tests).
- :mod:`automation.sync_issues`: keeps one issue per stale register and a dashboard in step
  with ``data/status/``.
- :mod:`automation.changed_registers`, :mod:`automation.pr_check`: the pull-request link check.
- :mod:`automation.fix_pr`: opens or updates the pull request of ``crawler --fix``.

Nothing here imports the crawler: it reads the crawler's files (status folder, JSON report),
which are its contract.
"""
