"""A production-like nahbar server for the web benchmarks (throughput, page weight, Lighthouse).

``demo_database`` builds the demo municipality (``nahbar demo``) into a SQLite file in a work directory and
collects the static files there; ``Gunicorn`` serves that database with DEBUG off, WhiteNoise's hashed and
pre-compressed static files and a throw-away secret key, on a free port on 127.0.0.1, and stops the
server it started when the ``with`` block ends.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DEMO_SLUG = "demo"


def server_env(database: Path, workdir: Path) -> dict[str, str]:
    """Production settings (see docs/operations.md) for this checkout, the given database and work directory."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database.resolve()}",
        DJANGO_SETTINGS_MODULE="nahbar.settings",
        NAHBAR_DEBUG="false",
        NAHBAR_SECRET_KEY=env.get("NAHBAR_SECRET_KEY") or secrets.token_urlsafe(40),
        NAHBAR_ALLOWED_HOSTS="127.0.0.1,localhost",
        NAHBAR_STATIC_ROOT=str(workdir / "static"),
        NAHBAR_LOG_LEVEL="WARNING",
        # This checkout's package, not whichever one the virtualenv has installed in editable mode.
        PYTHONPATH=str(ROOT),
    )
    return env


def _nahbar(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "nahbar", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def demo_database(workdir: Path, *, database: Path | None = None) -> Path:
    """The demo in ``workdir/demo.sqlite3`` (built once, reused by later runs with the same work directory),
    or the given database (e.g. the 100k benchmark file); static files collected into ``workdir/static``."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = server_env(database or workdir / "demo.sqlite3", workdir)
    if database is None:
        database = workdir / "demo.sqlite3"
        if not database.exists():
            print(f"building the demo in {database} (about a minute) …", file=sys.stderr)
            partial = workdir / "demo-building.sqlite3"
            partial.unlink(missing_ok=True)
            env_partial = server_env(partial, workdir)
            _nahbar(env_partial, "migrate", "--no-input")
            # With DEBUG off the demo insists on a password: a random one nobody knows.
            _nahbar(env_partial, "demo", "--password", secrets.token_urlsafe(16))
            partial.rename(database)
    _nahbar(env, "collectstatic", "--no-input")
    return database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """``gunicorn nahbar.wsgi`` with ``workers`` sync workers on 127.0.0.1; stopped (by its pid) on exit."""

    def __init__(self, database: Path, workdir: Path, *, workers: int = 2, worker_class: str = "sync") -> None:
        self.env = server_env(database, workdir)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "nahbar.wsgi:application",
            f"--workers={workers}",
            f"--worker-class={worker_class}",
            f"--bind=127.0.0.1:{self.port}",
            f"--chdir={ROOT}",
            "--log-level=warning",
        ]
        self.log = workdir / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5):  # noqa: S310 - our own server
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
