"""ASGI guards in front of the explorer: HEAD answered like GET (without a body) and the Host header checked.

The Host check defeats DNS rebinding against the loopback server: a page on another site that resolves its own
name to 127.0.0.1 still sends its own name as Host, and gets 400.  Allowed: the bound address and, for a
loopback bind, ``127.0.0.1``, ``localhost`` and ``[::1]``, each with the bound port (and bare when the port is
80).  A wildcard bind (``0.0.0.0``, ``::``) is a deliberate public server: every Host is accepted there.
"""

from __future__ import annotations

import ipaddress
from typing import Any

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host header values accepted for a server bound to ``host:port`` (None: accept any)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    names = {name.lower()}
    if _is_loopback(host):
        names |= set(LOOPBACK_NAMES)
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return frozenset(out)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class HostAndHead:
    """ASGI middleware: 400 for a Host outside ``hosts`` (None = any); HEAD runs as GET with the body dropped."""

    def __init__(self, app: Any, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.hosts is not None:
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            if host not in self.hosts:
                await _plain(
                    send, 400, "Host header not allowed: this explorer answers on its bound address only"
                )
                return
        if scope["method"] == "HEAD":
            await self.app(dict(scope, method="GET"), receive, _no_body(send))
            return
        await self.app(scope, receive, send)


def _no_body(send: Any) -> Any:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            message = {
                "type": "http.response.body",
                "body": b"",
                "more_body": message.get("more_body", False),
            }
        await send(message)

    return wrapped


async def _plain(send: Any, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
