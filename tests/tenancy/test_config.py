from pathlib import Path

import pytest

from nahbar.config import ConfigError, env_bool, env_str, parse_database_url


def test_sqlite_urls() -> None:
    base = Path("/srv/nahbar")
    assert parse_database_url("sqlite:///db.sqlite3", base_dir=base)["NAME"] == base / "db.sqlite3"
    assert parse_database_url("sqlite:////var/lib/nahbar.db", base_dir=base)["NAME"] == Path("/var/lib/nahbar.db")


def test_postgres_url() -> None:
    cfg = parse_database_url("postgres://nah%40bar:p%2Fw@db.example:5433/nahbar?sslmode=require", base_dir=Path())
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["USER"], cfg["PASSWORD"], cfg["HOST"], cfg["PORT"], cfg["NAME"]) == (
        "nah@bar",
        "p/w",
        "db.example",
        "5433",
        "nahbar",
    )
    assert cfg["OPTIONS"] == {"sslmode": "require"}


def test_bad_values_fail_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        parse_database_url("mysql://x/y", base_dir=Path())
    monkeypatch.setenv("NAHBAR_DEBUG", "vielleicht")
    with pytest.raises(ConfigError):
        env_bool("NAHBAR_DEBUG")
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("NAHBAR_SECRET_KEY_FILE", str(secret))
    assert env_str("NAHBAR_SECRET_KEY") == "s3cr3t"
    monkeypatch.setenv("NAHBAR_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError):
        env_str("NAHBAR_SECRET_KEY")
