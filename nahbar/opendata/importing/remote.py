"""Fetching a coordinator's feed address without letting it reach into the server's own network (SSRF).

A coordinator may type any address into the import screen. Without a guard, "http://127.0.0.1:5432/" or
"http://169.254.169.254/" (a cloud metadata service) would make the server probe its own network and
show the answers in the import report. The guard checks the address the socket actually connected to,
after DNS resolution and on every redirect, so neither a host name that resolves to a private address
nor a DNS answer that changes between check and connection (rebinding) gets through.

Host names listed in ``NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS`` are exempt (a state office's directory on the
intranet; the test suite's live server). The command-line import is run by the operator and is not
guarded. Proxies from the environment are ignored here: the peer would be the proxy, not the feed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from nahbar.opendata.importing.bundle import HsdsSourceError


class BlockedAddress(HsdsSourceError):
    """The feed address leads to a private, loopback, link-local or otherwise non-public address."""


def _exempt(host: str) -> bool:
    allowed = {name.lower() for name in getattr(settings, "NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS", [])}
    return host.lower().strip("[]") in allowed


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_peer(sock: socket.socket, host: str) -> None:
    if _exempt(host):
        return
    peer = sock.getpeername()[0]
    if not is_public(peer):
        sock.close()
        raise BlockedAddress(
            _("Die Adresse %(host)s führt ins interne Netz (%(ip)s) und wird nicht abgerufen.")
            % {"host": host, "ip": peer}
        )


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _check_peer(self.sock, self.host)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        # HTTPSConnection.connect opens the TCP socket and then wraps it in TLS; checking after the
        # handshake is fine because nothing has been sent yet but the handshake itself.
        super().connect()
        _check_peer(self.sock, self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        super().__init__(context=ssl.create_default_context())

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


def check_address(url: str) -> None:
    """Refuse what is wrong before any connection: scheme, missing host, credentials in the address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HsdsSourceError(_("„%(url)s“ ist keine http(s)-Adresse.") % {"url": url})
    if parts.username or parts.password:
        raise HsdsSourceError(_("Die Adresse darf keine Zugangsdaten enthalten."))


def guarded_opener() -> Any:
    """``open(request, timeout=…)`` for ``fetch_api``: redirects are followed, each hop is checked."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler({}),
        urllib.request.UnknownHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener.open
