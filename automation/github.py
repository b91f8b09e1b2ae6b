"""A thin GitHub REST client on urllib: no dependency to install in the workflow, easy to fake.

The base URL comes from ``GITHUB_API_URL`` (set by GitHub Actions, also on GitHub
Enterprise), so tests point the same code at a fake server on 127.0.0.1. The token comes
from ``GITHUB_TOKEN`` (or ``GH_TOKEN``), never from a file or an argument that would end up
in a process list.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

DEFAULT_API_URL = "https://api.github.com"
USER_AGENT = "open-registers-directory-automation"
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class GitHubError(Exception):
    """An API call that failed, with what a maintainer needs to fix it."""

    def __init__(self, method: str, path: str, status: int | None, message: str) -> None:
        self.method, self.path, self.status = method, path, status
        hint = _HINTS.get(status or 0, "")
        where = f"{method} {path}"
        super().__init__(f"GitHub API {where} failed ({status or 'no answer'}): {message}{hint}")


_HINTS = {
    401: " (is GITHUB_TOKEN set and valid?)",
    403: " (does the workflow grant this permission, e.g. 'issues: write'? or a rate limit)",
    404: " (wrong --repo, or the token cannot see the repository)",
    422: " (GitHub refused the content)",
}


class GitHubClient:
    """Issues, comments, labels and pulls of one repository; every call raises GitHubError on failure."""

    def __init__(
        self,
        repo: str,
        *,
        token: str | None = None,
        api_url: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
            raise ValueError(f"--repo must be 'owner/name', not '{repo}'")
        self.repo = repo
        self.token = token if token is not None else os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
        self.api_url = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.requests_made = 0
        self.writes_made = 0
        host = urllib.parse.urlsplit(self.api_url).hostname or ""
        # A loopback API (the tests' fake) is never reached through a proxy from the environment.
        loopback = host == "::1" or host.startswith("127.")
        self._opener = urllib.request.build_opener(*([urllib.request.ProxyHandler({})] if loopback else []))

    # -- transport -----------------------------------------------------------------------

    def request(
        self, method: str, path: str, body: Mapping[str, Any] | None = None, params: Mapping[str, Any] | None = None
    ) -> tuple[Any, Mapping[str, str]]:
        """One call; returns (decoded JSON or None, headers). Retries rate limits and 5xx briefly."""
        url = path if path.startswith(("http://", "https://")) else f"{self.api_url}{path}"
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": USER_AGENT,
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if method != "GET":
            self.writes_made += 1
        for attempt in range(self.retries + 1):
            self.requests_made += 1
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    raw = response.read()
                    return (json.loads(raw) if raw.strip() else None), dict(response.headers)
            except urllib.error.HTTPError as exc:
                wait = _retry_after(exc)
                if wait is not None and attempt < self.retries:
                    time.sleep(wait)
                    continue
                raise GitHubError(method, _short(path), exc.code, _error_message(exc)) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                if attempt < self.retries:
                    time.sleep(1 + attempt)
                    continue
                reason = getattr(exc, "reason", exc)
                raise GitHubError(method, _short(path), None, f"cannot reach {self.api_url}: {reason}") from None
            except json.JSONDecodeError:
                raise GitHubError(method, _short(path), None, "the answer is not JSON") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, following ``Link: <…>; rel="next"`` headers."""
        params = {"per_page": 100, **(params or {})}
        page, headers = self.request("GET", path, params=params)
        while True:
            if not isinstance(page, list):
                raise GitHubError("GET", _short(path), None, "expected a list")
            yield from page
            match = _NEXT_LINK.search(headers.get("Link", "") or headers.get("link", ""))
            if not match:
                return
            next_url = match.group(1)
            if not next_url.startswith(self.api_url):  # never follow a link off the configured API
                raise GitHubError("GET", _short(path), None, f"pagination left the API: {next_url}")
            page, headers = self.request("GET", next_url)

    # -- issues --------------------------------------------------------------------------

    def list_issues(self, *, state: str = "all", labels: str | None = None) -> list[dict[str, Any]]:
        """Issues only (the endpoint also lists pull requests; those are dropped)."""
        params: dict[str, Any] = {"state": state}
        if labels:
            params["labels"] = labels
        items = self.paginate(f"/repos/{self.repo}/issues", params)
        return [item for item in items if "pull_request" not in item]

    def create_issue(self, title: str, body: str, labels: list[str]) -> dict[str, Any]:
        issue, _ = self.request("POST", f"/repos/{self.repo}/issues", {"title": title, "body": body, "labels": labels})
        return issue

    def update_issue(self, number: int, **fields: Any) -> dict[str, Any]:
        issue, _ = self.request("PATCH", f"/repos/{self.repo}/issues/{number}", fields)
        return issue

    def comment(self, number: int, body: str) -> None:
        self.request("POST", f"/repos/{self.repo}/issues/{number}/comments", {"body": body})

    def list_labels(self) -> list[dict[str, Any]]:
        return list(self.paginate(f"/repos/{self.repo}/labels"))

    def create_label(self, name: str, color: str, description: str) -> None:
        try:
            self.request(
                "POST", f"/repos/{self.repo}/labels", {"name": name, "color": color, "description": description[:100]}
            )
        except GitHubError as exc:
            if exc.status != 422:  # 422: it exists already (created concurrently)
                raise

    # -- pull requests -------------------------------------------------------------------

    def find_pull(self, head_branch: str, base: str) -> dict[str, Any] | None:
        owner = self.repo.split("/")[0]
        pulls = self.paginate(
            f"/repos/{self.repo}/pulls", {"state": "open", "head": f"{owner}:{head_branch}", "base": base}
        )
        return next(iter(pulls), None)

    def create_pull(self, head_branch: str, base: str, title: str, body: str) -> dict[str, Any]:
        pull, _ = self.request(
            "POST", f"/repos/{self.repo}/pulls", {"title": title, "body": body, "head": head_branch, "base": base}
        )
        return pull

    def update_pull(self, number: int, **fields: Any) -> dict[str, Any]:
        pull, _ = self.request("PATCH", f"/repos/{self.repo}/pulls/{number}", fields)
        return pull


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    """Seconds to wait before retrying, or None when the error is final."""
    if exc.code in (429, 502, 503, 504) or (exc.code == 403 and exc.headers.get("Retry-After")):
        try:
            return min(float(exc.headers.get("Retry-After") or 2), 60.0)
        except ValueError:
            return 2.0
    return None


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(exc.read() or b"{}")
    except (json.JSONDecodeError, OSError):
        return exc.reason or "error"
    message = str(payload.get("message") or exc.reason or "error")
    details = [str(e.get("message") or e.get("code")) for e in payload.get("errors", []) if isinstance(e, dict)]
    return message + (f" ({'; '.join(details)})" if details else "")


def _short(path: str) -> str:
    """A path without scheme, host and query, for error messages."""
    return urllib.parse.urlsplit(path).path or path
