"""What the server answers before Streamlit does: security headers on every HTTP answer, and a plain
404 or 414 for request paths no file can have (Streamlit 1.67 answers an over-long `/app/static/…` path
with HTTP 500: its static route asks the file system, which refuses a name over 255 bytes).

`Edge` is an ASGI middleware; `dashboard/serve.py` puts it in front of the app (`st.App(middleware=…)`).
`deploy/nginx.conf` sends the same headers, for a deployment that does not go through serve.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The page may be framed only by pages of its own origin (Streamlit's own component frames are), and a
# browser must not guess a type other than the one the server names.
SECURITY_HEADERS = (
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
)
MAX_PATH_BYTES = 2048  # longer: 414 URI Too Long
MAX_NAME_BYTES = 255  # a file or folder name longer than this cannot exist (NAME_MAX): 404
STATIC_PREFIX = "/app/static/"


def refused_path(path: str) -> int | None:
    """The status a request path gets before it reaches Streamlit (414 or 404), or None to pass it on."""
    raw = path.encode("utf-8", "surrogateescape")
    if len(raw) > MAX_PATH_BYTES:
        return 414
    if STATIC_PREFIX in path and any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES
                                     for part in path.split("/")):
        return 404
    return None


class Edge:
    """ASGI middleware: the security headers on every HTTP response; 414 or 404 for a path `refused_path`
    refuses. Websockets pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = refused_path(scope.get("path", ""))
        if status is not None:
            body = b"URI Too Long" if status == 414 else b"Not Found"
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
