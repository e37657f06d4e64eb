"""An in-memory rate limit for the anonymous survey form: no database, no cookie, no stored address.

The client's address is only ever held as a keyed hash (a random key made when the process starts, never
written anywhere), for at most one window, in a dict of bounded size. Each worker process counts on its
own, so with ``-w 3`` a client gets up to three times the limit: the aim is to slow down scripted mass
submissions, not to count exactly. When the dict is full, the oldest entries are dropped.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

_KEY = secrets.token_bytes(32)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind the configured reverse proxy the address the proxy added last."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _digest(address: str) -> bytes:
    return hashlib.blake2b(address.encode(), key=_KEY, digest_size=16).digest()


class RateLimiter:
    def __init__(
        self,
        *,
        limit: int,
        window_seconds: float,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        # hashed address -> (window start, count); insertion order = order of first sight in the window
        self._counts: OrderedDict[bytes, tuple[float, int]] = OrderedDict()

    def hit(self, address: str) -> bool:
        """Count one submission; False when the address has used up its limit for the current window."""
        key, now = _digest(address), self._clock()
        with self._lock:
            self._expire(now)
            start, count = self._counts.get(key, (now, 0))
            if count >= self.limit:
                return False
            self._counts[key] = (start, count + 1)
            while len(self._counts) > self.max_clients:
                self._counts.popitem(last=False)
            return True

    def _expire(self, now: float) -> None:
        # Entries are in order of their window start, so expired ones are at the front.
        while self._counts:
            key, (start, _count) = next(iter(self._counts.items()))
            if now - start < self.window:
                break
            del self._counts[key]

    def __len__(self) -> int:
        return len(self._counts)


submissions = RateLimiter(
    limit=getattr(settings, "NAHBAR_SURVEY_SUBMISSIONS_PER_HOUR", 20), window_seconds=3600, max_clients=10_000
)
