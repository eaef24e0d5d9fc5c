"""The preview's web server: the standard library's threading HTTP server on the loopback interface.

Every address starts with a random token (``http://127.0.0.1:PORT/TOKEN/``): a request
without it, or for a host name other than the loopback's (a web page rebinding its own name
to 127.0.0.1), gets 404 and nothing else. What it answers, under the token:

- ``/`` and the page's own files (``preview.js``, ``preview.css``), shipped in ``static/``;
- ``state?product=P&paper=S``: the view as JSON (built first when a save made it stale);
- ``wait?after=G&product=P&paper=S``: answers when the generation is not G, with the view's
  state, or after :data:`WAIT` seconds with the same G (a long poll: the page learns of a
  rebuild as soon as it is done, with no extra library);
- ``page?product=P&paper=S&page=N&width=W&version=V``: a page of the view as a picture (JPEG).
"""

from __future__ import annotations

import hmac
import json
import logging
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from briefgen.interface.preview.session import Session
from briefgen.names import PAPERS

log = logging.getLogger(__name__)

WAIT = 20.0  # seconds a long poll is held open before it answers with the same generation
STATIC = {"": ("index.html", "text/html; charset=utf-8"), "preview.js": ("preview.js", "text/javascript; charset=utf-8"),
          "preview.css": ("preview.css", "text/css; charset=utf-8")}
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                                      "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its session and token; request threads never keep it running."""

    daemon_threads = True

    def __init__(self, port: int, session: Session, token: str):
        self.session, self.token = session, token
        super().__init__(("127.0.0.1", port), Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that went away mid-answer (a page reloaded during a long poll) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """Where the preview is: the loopback address, the port and the token."""
        return f"http://127.0.0.1:{self.server_address[1]}/{self.token}/"


class Handler(BaseHTTPRequestHandler):
    """Answers GET requests for the preview page, its state and its page pictures."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        """Answer one GET request (anything without the token, or for another host, is 404)."""
        parts = urlsplit(self.path)
        name = self._under_token(parts.path)
        if name is None or not self._host_is_loopback():
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            if name in STATIC:
                file, kind = STATIC[name]
                self._send(HTTPStatus.OK, resources.files(__package__).joinpath("static", file).read_bytes(), kind)
            elif name == "state":
                self._state(query)
            elif name == "wait":
                self._wait(query)
            elif name == "page":
                self._page(query)
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        except ValueError as exc:
            self._send(HTTPStatus.BAD_REQUEST, f"{exc}\n".encode(), "text/plain; charset=utf-8")
        except ConnectionError:
            raise
        except Exception as exc:  # noqa: BLE001 - one request fails with a message; the preview stays up
            log.debug("internal error", exc_info=True)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error ({type(exc).__name__}: {exc})\n".encode(),
                       "text/plain; charset=utf-8")

    def _under_token(self, path: str) -> str | None:
        """The rest of ``path`` after ``/TOKEN/``, or None when the token is not there."""
        head, slash, rest = path.lstrip("/").partition("/")
        return rest if slash and hmac.compare_digest(head.encode(), self.server.token.encode()) else None

    def _host_is_loopback(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost", "[::1]")

    def _choice(self, query: dict[str, str], key: str, choices: tuple[str, ...], default: str) -> str:
        value = query.get(key, default)
        if value not in choices:
            raise ValueError(f"{key}: expected one of {', '.join(choices)}")
        return value

    def _state(self, query: dict[str, str]) -> None:
        session = self.server.session
        product = self._choice(query, "product", session.products, session.active[0])
        paper = self._choice(query, "paper", PAPERS, session.active[1])
        self._json(session.state(session.view(product, paper)))

    def _wait(self, query: dict[str, str]) -> None:
        """The generation once it is not ``after``; with the view's state when it changed (one round trip less)."""
        session = self.server.session
        after = _number(query, "after", -1)
        generation = session.wait(after, WAIT)
        if generation == after or session.closing or "product" not in query:
            self._json({"generation": generation})
        else:
            self._state(query)

    def _page(self, query: dict[str, str]) -> None:
        session = self.server.session
        product = self._choice(query, "product", session.products, session.active[0])
        paper = self._choice(query, "paper", PAPERS, session.active[1])
        picture = session.image(product, paper, _number(query, "page", 1), _number(query, "width", 800))
        if picture is None:
            self._send(HTTPStatus.NOT_FOUND, b"no such page\n", "text/plain; charset=utf-8")
        else:
            self._send(HTTPStatus.OK, picture, "image/jpeg")

    def _json(self, data: dict[str, Any]) -> None:
        self._send(HTTPStatus.OK, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        """Requests are logged with --debug only (the token stays out of the terminal otherwise)."""
        log.debug("%s %s", self.address_string(), format % args)


def _number(query: dict[str, str], key: str, default: int) -> int:
    try:
        return int(query.get(key, default))
    except ValueError:
        raise ValueError(f"{key}: expected a whole number") from None
