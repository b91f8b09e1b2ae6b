"""A misbehaving web server on loopback for the crawler tests (in the spirit of Scrapy's mockserver).

One asyncio HTTP/1.1 server, running in a background thread, answers on several loopback
listeners: "sites" on different 127.0.0.x addresses (an IP literal is its own registrable
domain, so 127.0.0.2 and 127.0.0.3 are two sites) and TLS listeners whose certificates are
good, expired, for another host, self-signed or sent without their intermediate. Each path
is one fault (see ``ROUTES``); the server counts hits and records every request so tests can
check what the crawler did (and did not) send.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gzip
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import trustme

PAGE = (
    "<!doctype html><html lang=et><head><meta charset=utf-8><title>Kutseregister</title></head>"
    "<body><h1>Kutseregister</h1><p>Register of Occupational Qualifications: search by name.</p></body></html>"
)
SOFT_404_TITLES = {
    "de": "Seite nicht gefunden – Berufsregister",
    "fr": "Page introuvable",
    "pl": "Nie znaleziono strony",
    "et": "Lehte ei leitud",
    "el": "Η σελίδα δεν βρέθηκε",
    "fi": "Sivua ei löytynyt",
    "en": "404 - Page Not Found",
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    listener: str
    tls: bool
    at: float = field(default_factory=time.monotonic)


@dataclass
class Listener:
    name: str
    host: str
    port: int = 0
    context: ssl.SSLContext | None = None

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.context else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"


Handler = Callable[["FaultServer", Request, asyncio.StreamWriter], Awaitable[bool]]


def html(body: str, title: str = "Kutseregister", extra_head: str = "") -> str:
    return f"<!doctype html><html><head><title>{title}</title>{extra_head}</head><body>{body}</body></html>"


class FaultServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``hits`` counts requests per path."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.listeners: dict[str, Listener] = {}
        self.huge_sent: list[int] = []  # bytes written before the client hung up, per /huge request
        self.huge_closed: list[float] = []  # seconds after the first byte when the client hung up
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.base_events.Server] = []
        self.ca = trustme.CA()
        self.ca_file = tmp / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.closed_port = _free_port("127.0.0.2")

    # -- set-up ------------------------------------------------------------------------------

    def _contexts(self) -> dict[str, ssl.SSLContext]:
        now = dt.datetime.now(dt.UTC)
        good = self.ca.issue_cert("127.0.0.1", "127.0.0.2")
        expired = self.ca.issue_cert("127.0.0.1", not_before=now - dt.timedelta(days=30),
                                     not_after=now - dt.timedelta(days=1))  # fmt: skip
        wrong = self.ca.issue_cert("registers.example.org")
        intermediate = self.ca.create_child_ca()
        chained = intermediate.issue_cert("127.0.0.1")
        contexts = {}
        for name, leaf, full_chain in (("tls", good, True), ("expired", expired, True), ("wrong_host", wrong, True),
                                       ("incomplete", chained, False)):  # fmt: skip
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            if full_chain:
                leaf.configure_cert(context)
            else:  # the leaf alone, without the intermediate that signed it
                key = self.tmp / f"{name}.key"
                cert = self.tmp / f"{name}.crt"
                leaf.private_key_pem.write_to_path(str(key))
                leaf.cert_chain_pems[0].write_to_path(str(cert))
                context.load_cert_chain(str(cert), str(key))
            contexts[name] = context
        contexts["self_signed"] = _self_signed_context(self.tmp)
        return contexts

    def start(self) -> FaultServer:
        contexts = self._contexts()
        plan = [
            Listener("a", "127.0.0.2"),  # the registers' own site
            Listener("b", "127.0.0.3"),  # another site (moves)
            Listener("c", "127.0.0.1"),  # reached only through 0.0.0.0 if a refused redirect were followed
            Listener("tls_a", "127.0.0.2", context=contexts["tls"]),
            *(Listener(name, "127.0.0.1", context=contexts[name]) for name in
              ("tls", "expired", "wrong_host", "incomplete", "self_signed")),
        ]  # fmt: skip
        self._thread.start()
        for listener in plan:
            future = asyncio.run_coroutine_threadsafe(self._listen(listener), self._loop)
            self._servers.append(future.result(10))
            self.listeners[listener.name] = listener
        return self

    async def _listen(self, listener: Listener) -> asyncio.base_events.Server:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._connection(listener, reader, writer)

        server = await asyncio.start_server(serve, listener.host, 0, ssl=listener.context, backlog=256)
        listener.port = server.sockets[0].getsockname()[1]
        return server

    def stop(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()
            for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def url(self, listener: str, path: str) -> str:
        return self.listeners[listener].url(path)

    # -- HTTP ----------------------------------------------------------------------------------

    async def _connection(self, listener: Listener, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            first = b""
            if listener.context is None:  # a TLS ClientHello on a plain port: answer like a web server would
                first = await reader.read(1)
                if first == b"\x16":
                    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    await writer.drain()
                    return
            while True:
                try:
                    head = first + await reader.readuntil(b"\r\n\r\n")
                    first = b""
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ssl.SSLError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                request = Request(method, target, headers, listener.name, listener.context is not None)
                self.requests.append(request)
                self.hits[target] += 1
                keep = await self.dispatch(request, writer)
                if not keep:
                    break
        except (ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(ConnectionError, RuntimeError):
                writer.close()

    async def dispatch(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        path = request.path.split("?", 1)[0]
        for prefix, handler in ROUTES:
            if path == prefix or (prefix != "/" and prefix.endswith("/") and path.startswith(prefix)):
                return await handler(self, request, writer)
        return await send(writer, 404, html("<h1>Not Found</h1>", "Not Found"))


HTML = "text/html; charset=utf-8"


async def send(
    writer: asyncio.StreamWriter,
    status: int,
    body: str | bytes = b"",
    headers: dict[str, str] | None = None,
    content_type: str = HTML,
) -> bool:
    data = body.encode("utf-8") if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type, "Content-Length": str(len(data))} | (headers or {})
    head = f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in all_headers.items()) + "\r\n"
    writer.write(head.encode("latin-1") + data)
    await writer.drain()
    return True


def redirect(status: int, location: str | Callable[[FaultServer, Request], str]) -> Handler:
    async def handler(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
        target = location(server, request) if callable(location) else location
        return await send(writer, status, html("moved"), {"Location": target})

    return handler


def page(body: str | bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> Handler:  # fmt: skip
    async def handler(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
        return await send(writer, status, body, headers, content_type)

    return handler


def first_then(first: Handler, then: Handler) -> Handler:
    """``first`` on the first request of the path, ``then`` afterwards (flaky servers)."""

    async def handler(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
        return await (first if server.hits[request.path] == 1 else then)(server, request, writer)

    return handler


async def slow(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    await asyncio.sleep(30)
    return await send(writer, 200, PAGE)


async def reset(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    writer.transport.abort()
    return False


def query(request: Request) -> dict[str, str]:
    """The request's query parameters (parametric routes, as in Scrapy's mockserver)."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.path.partition("?")[2]))


async def huge(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    """300 KiB at once, then nothing for 30 s of a body declared as ``?declared=`` bytes (10 MiB).

    The crawler must neither wait for the rest nor refuse a page for its declared length.
    """
    declared = int(query(request).get("declared", 10 * 1024 * 1024))
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {declared}\r\n\r\n"
    chunk = (PAGE + " " * 1000).encode()
    sent = 0
    start = time.monotonic()
    writer.write(head.encode())
    while sent < 300 * 1024:
        writer.write(chunk)
        sent += len(chunk)
    try:
        await writer.drain()
        for _ in range(300):
            await asyncio.sleep(0.1)
            if writer.is_closing() or (writer.transport.get_write_buffer_size() > 0 and _ > 5):
                break
            writer.write(b" ")
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    server.huge_sent.append(sent)
    server.huge_closed.append(time.monotonic() - start)
    return False


async def upgrade(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    if not request.tls:
        return await send(writer, 302, "", {"Location": server.url("tls_a", request.path)})
    return await send(writer, 200, PAGE)


def _compressed(kind: str) -> Handler:
    raw = html("<p>Kutseregister: compressed</p>").encode()
    body = {"gzip": gzip.compress(raw), "br": brotli.compress(raw), "deflate": zlib.compress(raw)}[kind]
    return page(body, headers={"Content-Encoding": kind})


LATIN1 = html("<p>Fédération nationale des registres, numéro d'agrément</p>", "Registre").encode("iso-8859-1")
CP1250 = ('<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
          "<title>Živnostenský rejstřík</title></head><body><p>Rejstřík živností: vyhledávání</p></body></html>"
          ).encode("cp1250")  # fmt: skip


async def meta_cross(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    refresh = f'<meta http-equiv="refresh" content="0; url={server.url("b", "/ok")}">'
    return await send(writer, 200, html("<p>This register has moved.</p>", extra_head=refresh))


async def soft404(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    title = SOFT_404_TITLES[request.path.rsplit("/", 1)[-1]]
    return await send(writer, 200, html(f"<h1>{title}</h1><p>Kutseregister</p>", title))


async def many(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    number = int(request.path.rsplit("/", 1)[-1] or 0)
    return await send(writer, 302, "", {"Location": f"/many/{number + 1}"})


async def status(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> bool:
    code = int(request.path.rsplit("/", 1)[-1])
    return await send(writer, code, html(f"<h1>Status {code}</h1>", f"Status {code}"))


ROUTES: list[tuple[str, Handler]] = [
    ("/", page(html("<h1>Welcome</h1><p>Home page of the authority</p>", "Home"))),
    ("/ok", page(PAGE)),
    ("/landing", page(PAGE)),
    ("/perm", redirect(301, "/perm-2")),
    ("/perm-2", redirect(308, "/ok")),
    ("/perm-then-temp", redirect(301, "/landing-temp")),
    ("/landing-temp", redirect(302, "/landing")),
    ("/temp", redirect(302, "/ok")),
    ("/temp-307", redirect(307, "/ok")),
    ("/up", upgrade),
    ("/cross", redirect(301, lambda s, r: s.url("b", "/ok"))),
    ("/meta-cross", meta_cross),
    ("/meta-same", page(html("wait", extra_head='<meta http-equiv="refresh" content="0; url=/ok">'))),
    ("/to-zero", redirect(302, lambda s, r: f"http://0.0.0.0:{s.listeners['c'].port}/ok")),
    ("/to-invalid", redirect(302, "http://registers.invalid/ok")),
    ("/loop-a", redirect(302, "/loop-b")),
    ("/loop-b", redirect(302, "/loop-a")),
    ("/many/", many),
    ("/deep/register/search", redirect(302, "/")),
    ("/status/", status),
    ("/cf-challenge", page(html("<p>Verifying</p>", "Just a moment..."), 403, headers={"cf-mitigated": "challenge"})),
    (
        "/challenge-page",
        page(html('<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page"></script>', "Just a moment...")),
    ),
    (
        "/parked",
        page(
            html("<h1>kutseregister.ee</h1><p>This domain is for sale! Buy this domain today.</p>", "kutseregister.ee")
        ),
    ),
    ("/soft404/", soft404),
    ("/rate-once", first_then(page("slow down", 429, headers={"Retry-After": "1"}), page(PAGE))),
    ("/rate-always", page("slow down", 429, headers={"Retry-After": "3600"})),
    ("/flaky", first_then(page("busy", 503), page(PAGE))),
    ("/always-500", page("broken", 500)),
    ("/slow", slow),
    ("/reset", reset),
    ("/huge", huge),
    ("/latin1", page(LATIN1, content_type="text/html; charset=iso-8859-1")),
    ("/cp1250", page(CP1250, content_type="text/html")),
    ("/gzip", _compressed("gzip")),
    ("/br", _compressed("br")),
    ("/deflate", _compressed("deflate")),
]


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _self_signed_context(tmp: Path) -> ssl.SSLContext:
    """A certificate that signs itself (no CA at all), for 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    (tmp / "self.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "self.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(tmp / "self.crt"), str(tmp / "self.key"))
    return context
