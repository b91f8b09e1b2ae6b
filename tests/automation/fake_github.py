"""A fake of the GitHub REST endpoints the automation uses, served on 127.0.0.1 in a thread.

It is a real HTTP server, so the client's urllib code, headers, JSON, error handling and
``Link`` pagination are exercised exactly as against GitHub. State is in memory; every
request is logged so tests can assert that a run wrote nothing. It is strict where GitHub
is strict (authentication, unknown labels on issues, validation errors as 422) so that a
client that works here has handled the cases GitHub would reject.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "test-token"
BOT = "github-actions[bot]"  # the identity the token acts as: the author of what the client creates


@dataclass
class FakeState:
    """What the fake GitHub holds for one repository."""

    repo: str
    now: str = "2026-01-01T00:00:00Z"
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)
    next_number: int = 1
    fail_next: list[int | tuple[int, dict[str, str], str]] = field(default_factory=list)
    deny_writes: int | None = None

    # -- helpers for tests ---------------------------------------------------------------

    def writes(self) -> list[tuple[str, str]]:
        return [(method, path) for method, path in self.log if method != "GET"]

    def issue_list(self, *, pulls: bool = False) -> list[dict[str, Any]]:
        return [i for _, i in sorted(self.issues.items()) if pulls or "pull_request" not in i]

    def add_issue(self, title: str, body: str = "", *, state: str = "open", pull: bool = False, **extra: Any) -> int:
        number = self.next_number
        self.next_number += 1
        issue = {
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "state_reason": extra.pop("state_reason", None),
            "labels": [{"name": name} for name in extra.pop("labels", [])],
            "created_at": extra.pop("created_at", self.now),
            "updated_at": self.now,
            "closed_at": self.now if state == "closed" else None,
            "user": {"login": extra.pop("user", BOT), "type": "User"},
            **extra,
        }
        if pull:
            issue["pull_request"] = {"url": f"/repos/{self.repo}/pulls/{number}"}
            issue.setdefault("head", {"ref": "", "label": ""})
            issue.setdefault("base", {"ref": "main"})
        self.issues[number] = issue
        self.comments[number] = []
        return number


class _Handler(BaseHTTPRequestHandler):
    state: FakeState  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    # -- plumbing ------------------------------------------------------------------------

    def _send(self, status: int, payload: Any = None, headers: dict[str, str] | None = None) -> None:
        raw = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _error(self, status: int, message: str) -> None:
        self._send(status, {"message": message, "documentation_url": "https://docs.github.com/rest"})

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        state = self.state
        state.log.append((method, parts.path))
        body = self._body() if method in ("POST", "PATCH") else {}
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._error(401, "Bad credentials")
        if state.fail_next:
            failure = state.fail_next.pop(0)
            if isinstance(failure, int):
                return self._error(failure, "Injected failure")
            status, headers, message = failure  # e.g. a rate limit with its headers
            return self._send(status, {"message": message, "documentation_url": "https://docs.github.com/rest"},
                              headers)  # fmt: skip
        if state.deny_writes and method != "GET":
            return self._error(state.deny_writes, "Resource not accessible by integration")
        prefix = f"/repos/{state.repo}"
        if not parts.path.startswith(prefix + "/"):
            return self._error(404, "Not Found")
        path = parts.path[len(prefix) :]
        routes = [
            ("GET", r"/issues", self._list_issues),
            ("POST", r"/issues", self._create_issue),
            ("PATCH", r"/issues/(\d+)", self._update_issue),
            ("GET", r"/issues/(\d+)/comments", self._list_comments),
            ("POST", r"/issues/(\d+)/comments", self._create_comment),
            ("GET", r"/labels", self._list_labels),
            ("POST", r"/labels", self._create_label),
            ("GET", r"/pulls", self._list_pulls),
            ("POST", r"/pulls", self._create_pull),
            ("PATCH", r"/pulls/(\d+)", self._update_pull),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return handler(query, body, *match.groups())
        return self._error(404, "Not Found")

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def _page(self, items: list[Any], query: dict[str, str]) -> None:
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            host, port = self.server.server_address[:2]
            rest = {**query, "page": str(page + 1), "per_page": str(per_page)}
            query_text = "&".join(f"{k}={v}" for k, v in rest.items())
            next_url = f"http://{host}:{port}{urlsplit(self.path).path}?{query_text}"
            headers["Link"] = f'<{next_url}>; rel="next"'
        self._send(200, chunk, headers)

    # -- issues --------------------------------------------------------------------------

    def _list_issues(self, query: dict[str, str], body: dict[str, Any]) -> None:
        wanted = query.get("state", "open")
        labels = [name for name in query.get("labels", "").split(",") if name]
        items = [
            i
            for _, i in sorted(self.state.issues.items(), reverse=True)  # newest first, like GitHub
            if (wanted == "all" or i["state"] == wanted)
            and all(name in {lbl["name"] for lbl in i["labels"]} for name in labels)
        ]
        self._page(items, query)

    def _check_labels(self, names: list[Any]) -> str | None:
        unknown = [n for n in names if not isinstance(n, str) or n.lower() not in self.state.labels]
        return f"unknown labels: {unknown}" if unknown else None

    def _create_issue(self, query: dict[str, str], body: dict[str, Any]) -> None:
        if not body.get("title"):
            return self._error(422, "Validation Failed: title is missing")
        problem = self._check_labels(body.get("labels", []))
        if problem:
            return self._error(422, f"Validation Failed: {problem}")
        number = self.state.add_issue(body["title"], body.get("body", ""), labels=body.get("labels", []))
        self._send(201, self.state.issues[number])

    def _update_issue(self, query: dict[str, str], body: dict[str, Any], number: str) -> None:
        issue = self.state.issues.get(int(number))
        if issue is None or "pull_request" in issue:
            return self._error(404, "Not Found")
        if "labels" in body:
            problem = self._check_labels(body["labels"])
            if problem:
                return self._error(422, f"Validation Failed: {problem}")
            issue["labels"] = [{"name": name} for name in body["labels"]]
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if body.get("state") in ("open", "closed") and body["state"] != issue["state"]:
            issue["state"] = body["state"]
            issue["closed_at"] = self.state.now if body["state"] == "closed" else None
            default_reason = "completed" if body["state"] == "closed" else "reopened"
            issue["state_reason"] = body.get("state_reason") or default_reason
        issue["updated_at"] = self.state.now
        self._send(200, issue)

    def _list_comments(self, query: dict[str, str], body: dict[str, Any], number: str) -> None:
        self._page(self.state.comments.get(int(number), []), query)

    def _create_comment(self, query: dict[str, str], body: dict[str, Any], number: str) -> None:
        if int(number) not in self.state.issues:
            return self._error(404, "Not Found")
        comment = {"id": len(self.state.log), "body": body.get("body", ""), "created_at": self.state.now}
        self.state.comments[int(number)].append(comment)
        self._send(201, comment)

    # -- labels --------------------------------------------------------------------------

    def _list_labels(self, query: dict[str, str], body: dict[str, Any]) -> None:
        self._page(list(self.state.labels.values()), query)

    def _create_label(self, query: dict[str, str], body: dict[str, Any]) -> None:
        name = body.get("name", "")
        if not name or not re.fullmatch(r"[0-9a-fA-F]{6}", body.get("color", "")):
            return self._error(422, "Validation Failed: name and a 6-digit color are required")
        if name.lower() in self.state.labels:
            return self._error(422, "Validation Failed: already_exists")
        self.state.labels[name.lower()] = {"name": name, "color": body["color"], "description": body.get("description")}
        self._send(201, self.state.labels[name.lower()])

    # -- pull requests -------------------------------------------------------------------

    def _list_pulls(self, query: dict[str, str], body: dict[str, Any]) -> None:
        owner = self.state.repo.split("/")[0]
        items = [
            i
            for i in self.state.issue_list(pulls=True)
            if "pull_request" in i
            and (query.get("state", "open") == "all" or i["state"] == query.get("state", "open"))
            and (not query.get("head") or query["head"] == f"{owner}:{i['head']['ref']}")
            and (not query.get("base") or query["base"] == i["base"]["ref"])
        ]
        self._page(items, query)

    def _create_pull(self, query: dict[str, str], body: dict[str, Any]) -> None:
        if not all(body.get(k) for k in ("title", "head", "base")):
            return self._error(422, "Validation Failed: title, head and base are required")
        owner = self.state.repo.split("/")[0]
        if self._list_open_pull(body["head"]):
            return self._error(422, f"Validation Failed: A pull request already exists for {owner}:{body['head']}.")
        number = self.state.add_issue(
            body["title"],
            body.get("body", ""),
            pull=True,
            head={"ref": body["head"], "label": f"{owner}:{body['head']}"},
            base={"ref": body["base"]},
        )
        self._send(201, self.state.issues[number])

    def _list_open_pull(self, head: str) -> dict[str, Any] | None:
        pulls = self.state.issue_list(pulls=True)
        return next((i for i in pulls if i.get("head", {}).get("ref") == head and i["state"] == "open"), None)

    def _update_pull(self, query: dict[str, str], body: dict[str, Any], number: str) -> None:
        pull = self.state.issues.get(int(number))
        if pull is None or "pull_request" not in pull:
            return self._error(404, "Not Found")
        for key in ("title", "body", "state"):
            if key in body:
                pull[key] = body[key]
        self._send(200, pull)


class FakeGitHub:
    """``with FakeGitHub("o/r") as fake:`` → ``fake.url`` is the API base, ``fake.state`` the data."""

    def __init__(self, repo: str = "acme/registers") -> None:
        self.state = FakeState(repo=repo)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-github", daemon=True
        )

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
