"""The finder's search form, rendered once per state and kept in this process.

The form is the larger half of a results page's rendering (about 60 checkboxes, the area list and the
radius options) but depends only on the municipality, the language, the cached options' version, the
areas and the filters in the address. The key holds all of them, so an edit to terms, places or areas
(which replaces the options' version) is seen at once. The areas themselves are in the key too: when the
cached geography expires and is read again with another process's edit, the form follows it rather
than keeping the old list for a further TTL. Entries also expire after TTL seconds and the memo keeps
at most SIZE of them (least recently used go first).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

TTL = 120.0
SIZE = 512

_memo: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
_lock = threading.Lock()  # gthread workers share the memo


def cached_form(key: Hashable, build: Callable[[], str]) -> str:
    now = time.monotonic()
    with _lock:
        found = _memo.get(key)
        if found is not None and found[0] > now:
            _memo.move_to_end(key)
            return found[1]
    html = build()
    with _lock:
        _memo[key] = (now + TTL, html)
        _memo.move_to_end(key)
        while len(_memo) > SIZE:
            _memo.popitem(last=False)
    return html


def clear() -> None:
    with _lock:
        _memo.clear()
