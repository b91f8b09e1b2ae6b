"""A thin GitHub REST client on urllib: no dependency to install in the workflow, easy to fake.

Rate limits are obeyed as GitHub's REST guidance says: a ``retry-after`` header is waited for;
else, with ``x-ratelimit-remaining: 0``, until ``x-ratelimit-reset``; else (a secondary limit
without either header) at least a minute, doubling on each further limit. Writes are made one
at a time, about a second apart. Pagination links are followed only to the API's own scheme,
host, port and path. The waits go through :data:`CLOCK`, which the tests replace, so they
never sleep.

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
WRITE_INTERVAL = 1.0  # seconds between two writes (GitHub: "at least one second between each request")
SECONDARY_WAIT = 60.0  # a rate limit without retry-after or x-ratelimit-reset: at least a minute
MAX_WAIT = 900.0  # a longer wait is not worth a CI job: fail with the time the limit resets
USER_AGENT = "open-registers-directory-automation"
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class SystemClock:
    """Real time; the tests put a fake in :data:`CLOCK`."""

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()


CLOCK: SystemClock = SystemClock()


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
        clock: SystemClock | None = None,
        write_interval: float = WRITE_INTERVAL,
        max_wait: float = MAX_WAIT,
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
        self.clock = clock or CLOCK
        self.write_interval = write_interval
        self.max_wait = max_wait
        self.waited = 0.0  # seconds slept for rate limits and pacing
        self._last_write: float | None = None
        self._secondary_wait = SECONDARY_WAIT
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
            if method != "GET":
                self._pace_write()
            self.requests_made += 1
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    raw = response.read()
                    return (json.loads(raw) if raw.strip() else None), dict(response.headers)
            except urllib.error.HTTPError as exc:
                message = _error_message(exc)
                wait = self._rate_limit_wait(exc, message)
                if wait is None and exc.code in (502, 503, 504):
                    wait = 2.0 * (attempt + 1)
                if wait is not None and attempt < self.retries:
                    if wait > self.max_wait:
                        raise GitHubError(method, _short(path), exc.code,
                                          f"rate limited for {wait:.0f} s more (longer than {self.max_wait:.0f} s): "
                                          f"{message}") from None  # fmt: skip
                    self._wait(wait)
                    continue
                raise GitHubError(method, _short(path), exc.code, message) from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                if attempt < self.retries:
                    self._wait(1 + attempt)
                    continue
                reason = getattr(exc, "reason", exc)
                raise GitHubError(method, _short(path), None, f"cannot reach {self.api_url}: {reason}") from None
            except json.JSONDecodeError:
                raise GitHubError(method, _short(path), None, "the answer is not JSON") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.clock.sleep(seconds)

    def _pace_write(self) -> None:
        """One write at a time (this client is sequential), at least ``write_interval`` apart."""
        now = self.clock.monotonic()
        if self._last_write is not None:
            self._wait(self._last_write + self.write_interval - now)
        self._last_write = self.clock.monotonic()

    def _rate_limit_wait(self, exc: urllib.error.HTTPError, message: str) -> float | None:
        """Seconds to wait when ``exc`` is a rate limit (primary or secondary), else None."""
        headers = exc.headers
        retry_after = headers.get("retry-after")
        remaining = headers.get("x-ratelimit-remaining")
        limited = exc.code == 429 or (
            exc.code == 403 and (retry_after is not None or remaining == "0" or "rate limit" in message.lower())
        )
        if not limited:
            return None
        if retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                pass
        if remaining == "0" and headers.get("x-ratelimit-reset"):
            try:
                return max(0.0, float(headers["x-ratelimit-reset"]) - self.clock.time()) + 1.0
            except ValueError:
                pass
        wait = self._secondary_wait
        self._secondary_wait = min(self._secondary_wait * 2, self.max_wait)  # exponential, as advised
        return wait

    def _same_api(self, url: str) -> bool:
        """True when ``url`` is on the configured API: same scheme, host, port and base path."""
        try:
            api, other = urllib.parse.urlsplit(self.api_url), urllib.parse.urlsplit(url)
            ports = (_port(api), _port(other))
        except ValueError:
            return False
        base = api.path.rstrip("/") + "/"
        return (
            other.scheme.lower() == api.scheme.lower()
            and (other.hostname or "") == (api.hostname or "")
            and ports[0] == ports[1]
            and not other.username
            and not other.password
            and (other.path.startswith(base) or api.path.rstrip("/") == "")
        )

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
            if not self._same_api(next_url):  # never send the token off the configured API
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


def _port(parts: urllib.parse.SplitResult) -> int | None:
    return parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())


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
