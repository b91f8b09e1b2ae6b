"""The GitHub client against the fake API: pagination stays on the API, rate limits are obeyed,
writes are paced (issue 11). Time is a fake clock (``clock``): nothing here sleeps."""

from __future__ import annotations

from typing import Any

import pytest

from automation.github import GitHubClient, GitHubError
from tests.automation.conftest import REPO_NAME, FakeClock
from tests.automation.fake_github import FakeGitHub


def _serve_next_link(fake: FakeGitHub, link: str) -> Any:
    original = fake.server.RequestHandlerClass._page

    def page(handler: Any, items: list[Any], query: dict[str, str]) -> None:
        handler._send(200, items[:1], {"Link": f'<{link}>; rel="next"'})

    fake.server.RequestHandlerClass._page = page  # type: ignore[method-assign]
    return original


@pytest.mark.parametrize(
    "shape",
    [
        "http://{host}:{port}1/repos/acme/registers/issues?page=2",  # a longer port with the same prefix
        "https://{host}:{port}/repos/acme/registers/issues?page=2",  # another scheme
        "http://{host}0:{port}/repos/acme/registers/issues",  # another (loopback) host with the same prefix
        "http://user@{host}:{port}/repos/acme/registers/issues",  # credentials in the link
    ],
)
def test_pagination_only_to_the_apis_scheme_host_and_port(fake: FakeGitHub, shape: str) -> None:
    host, port = fake.server.server_address[:2]
    client = GitHubClient(REPO_NAME)
    fake.state.add_issue("one")
    original = _serve_next_link(fake, shape.format(host=host, port=port))
    try:
        with pytest.raises(GitHubError, match="pagination left the API"):
            client.list_issues()
    finally:
        fake.server.RequestHandlerClass._page = original  # type: ignore[method-assign]
    assert len([p for m, p in fake.state.log if m == "GET"]) == 1  # the foreign link was never requested


def test_pagination_on_the_api_is_followed(fake: FakeGitHub) -> None:
    for index in range(150):
        fake.state.add_issue(f"issue {index}")
    assert len(GitHubClient(REPO_NAME).list_issues()) == 150


def test_primary_rate_limit_waits_for_the_reset(fake: FakeGitHub, clock: FakeClock) -> None:
    reset = int(clock.time()) + 42
    fake.state.fail_next.append(
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, "API rate limit exceeded")
    )
    fake.state.add_issue("one")
    assert len(GitHubClient(REPO_NAME).list_issues()) == 1
    assert clock.sleeps and 42 <= sum(clock.sleeps) <= 44


def test_secondary_rate_limit_without_retry_after_waits_a_minute(fake: FakeGitHub, clock: FakeClock) -> None:
    message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    fake.state.fail_next += [(403, {}, message), (403, {}, message)]
    client = GitHubClient(REPO_NAME)
    client.create_label("x", "ededed", "")
    assert clock.sleeps == [60.0, 120.0]  # at least a minute, then exponentially longer
    assert "x" in fake.state.labels


def test_retry_after_is_obeyed(fake: FakeGitHub, clock: FakeClock) -> None:
    fake.state.fail_next.append((429, {"retry-after": "7"}, "slow down"))
    GitHubClient(REPO_NAME).list_labels()
    assert clock.sleeps == [7.0]


def test_a_reset_too_far_away_is_a_clear_error(fake: FakeGitHub, clock: FakeClock) -> None:
    reset = int(clock.time()) + 3600
    fake.state.fail_next.append((403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}, "limit"))
    with pytest.raises(GitHubError, match="rate limited for 3601 s more"):
        GitHubClient(REPO_NAME).list_labels()
    assert clock.sleeps == []


def test_a_permission_403_is_not_retried(fake: FakeGitHub, clock: FakeClock) -> None:
    fake.state.deny_writes = 403
    with pytest.raises(GitHubError, match="issues: write"):
        GitHubClient(REPO_NAME).create_issue("t", "b", [])
    assert clock.sleeps == [] and len(fake.state.writes()) == 1


def test_writes_are_one_second_apart(fake: FakeGitHub, clock: FakeClock) -> None:
    client = GitHubClient(REPO_NAME)
    client.list_labels()
    for name in ("a", "b", "c"):
        client.create_label(name, "ededed", "")
    client.list_labels()  # reads are not paced
    assert clock.sleeps == [1.0, 1.0]
    assert client.waited == 2.0


def test_the_sync_paces_its_writes(fake: FakeGitHub, clock: FakeClock, tmp_path: Any) -> None:
    from automation.sync_issues import main
    from tests.automation.conftest import StatusDir, url_status

    status = StatusDir(tmp_path)
    for index in range(3):
        status.register(f"lv-register-{index}", url_status("not_found", stale=True, failing_runs=2))
    status.summary()
    assert main(["--status", str(status.path), "--data", str(status.data), "--now", "2026-01-08T04:00:00Z"]) == 0
    writes = len(fake.state.writes())
    assert writes >= 4 and len(clock.sleeps) == writes - 1 and all(s == 1.0 for s in clock.sleeps)
