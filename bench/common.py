"""What the benchmark scripts share: the data-set arguments, Django's set-up, p95, the printed report."""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path
from typing import Any


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="the kept SQLite file of build_dataset.py --keep")
    where.add_argument("--postgres-url", help="a PostgreSQL database holding the data set")


def setup_django(args: argparse.Namespace, *, plain_static: bool = False, allowed_hosts: str = "") -> None:
    """Production settings (DEBUG off) on the data set's database.

    ``plain_static``: no collectstatic manifest in a benchmark checkout; plain static URLs cost the same
    to render. ``allowed_hosts``: for the test client (``testserver``).
    """
    os.environ["DATABASE_URL"] = args.postgres_url or f"sqlite:///{args.sqlite.resolve()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "nahbar.settings"
    os.environ["NAHBAR_DEBUG"] = "false"
    if allowed_hosts:
        os.environ["NAHBAR_ALLOWED_HOSTS"] = allowed_hosts
    os.environ.setdefault("NAHBAR_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    if plain_static:
        from django.conf import settings

        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def print_rows(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _value in rows) + 2
    print(title)
    print("=" * len(title))
    for name, value in rows:
        print(f"{name:<{width}}{value}")


def database_label(connection: Any) -> str:
    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"
