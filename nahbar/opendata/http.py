"""JSON and problem responses of the HSDS API: CORS for everyone, ETag and Last-Modified."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

PROBLEM_TYPE = "about:blank"  # RFC 9457: no type of our own; title and detail say it


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def problem(request: HttpRequest, status: int, title: str, detail: str, **extra: Any) -> HttpResponse:
    """RFC 9457 problem details."""
    body = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail, "instance": request.path}
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
    )
    return _cors(response)


def document(
    request: HttpRequest, payload: Any, *, last_modified: dt.datetime | None = None, honour_since: bool = True
) -> HttpResponse:
    """The payload as JSON with a strong ETag over the body; 304 when the client has it already.

    ``honour_since=False`` for lists: an offer leaving a list does not move its newest
    modification date, so only the ETag can tell that the list changed.
    """
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp if honour_since else None)
    if response is None:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=60"
    return _cors(response)
