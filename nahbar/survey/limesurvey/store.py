"""Keeping the read (already privacy-filtered) data between the screen's steps.

The uploaded files themselves are never written by nahbar: they are read in memory, the identifying
columns dropped, and only the anonymous rows (answers, submission day, LimeSurvey's response number for
messages) are saved as JSON under ``NAHBAR_IMPORT_DIR`` with a random name that only the uploader's session
knows. The file is deleted after the import or on cancel; leftovers are pruned after a day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from nahbar.survey.limesurvey.structure import Dropped, Field, LimeData, Option, Row

PREFIX = "limesurvey-"
MAX_AGE_SECONDS = 24 * 60 * 60


def _directory() -> Path:
    directory = Path(settings.NAHBAR_IMPORT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _path(name: str) -> Path | None:
    # Only names this module made: no path can be smuggled in through the session.
    if not name.startswith(PREFIX) or not name[len(PREFIX) :].isalnum():
        return None
    return _directory() / f"{name}.json"


def prune() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for stale in _directory().glob(f"{PREFIX}*.json"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


def save(data: LimeData) -> str:
    prune()
    name = f"{PREFIX}{secrets.token_hex(16)}"
    raw = dataclasses.asdict(data)
    for row in raw["rows"]:
        row["day"] = row["day"].isoformat() if row["day"] else None
    path = _path(name)
    assert path is not None  # noqa: S101 - the name was made above
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o600)
    return name


def restore(name: str) -> LimeData | None:
    path = _path(name)
    if path is None or not path.exists():
        return None
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    fields = [Field(**{**f, "options": [Option(**o) for o in f["options"]]}) for f in raw.pop("fields")]
    rows = [Row(**{**r, "day": dt.date.fromisoformat(r["day"]) if r["day"] else None}) for r in raw.pop("rows")]
    return LimeData(fields=fields, rows=rows, dropped=Dropped(**raw.pop("dropped")), **raw)


def discard(name: str) -> None:
    path = _path(name)
    if path is not None:
        path.unlink(missing_ok=True)
