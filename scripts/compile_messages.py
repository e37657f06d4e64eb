"""Compile the .po translation catalogues to .mo without needing GNU gettext.

``--check`` fails when an English translation is missing or marked fuzzy, so
the English UI stays complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "nahbar" / "locale"


def main(check: bool) -> int:
    problems: list[str] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            untranslated = not entry.translated() and "fuzzy" not in entry.flags
            if "fuzzy" in entry.flags or untranslated:
                problems.append(
                    f"{po_path.relative_to(LOCALE_DIR.parent.parent)}: "
                    f"{'fuzzy' if 'fuzzy' in entry.flags else 'untranslated'}: {entry.msgid[:70]!r}"
                )
        if not check:
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    if check and problems:
        print("Translations incomplete:", *problems, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
