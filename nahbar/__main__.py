"""The ``nahbar`` console command: ``python -m nahbar <command>`` equals ``manage.py``.

Commands are spelled with hyphens on the command line (``nahbar import-areas``)
and live in modules with underscores, as Python requires.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahbar.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "nahbar"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
