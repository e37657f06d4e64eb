"""Reading an uploaded HSDS file: a JSON document, or the tabular package as a .zip of CSV files."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from nahbar.opendata.importing.bundle import MAX_BYTES, Bundle, HsdsSourceError, read_json, read_package

SUFFIXES = (".json", ".zip")
MAX_MEMBERS = 200


def read_upload(path: Path, *, name: str) -> Bundle:
    if path.suffix.lower() == ".zip":
        return read_zip(path, name=name)
    return read_json(path.read_bytes(), name=name)


def read_zip(path: Path, *, name: str) -> Bundle:
    """The CSV tables may sit at the top of the archive or in one folder (as "Compress folder" makes it)."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise HsdsSourceError(_("„%(name)s“ ist kein gültiges ZIP-Archiv.") % {"name": name}) from None
    with archive, tempfile.TemporaryDirectory(prefix="nahbar-hsds-") as target:
        members = [m for m in archive.infolist() if not m.is_dir()]
        _check_members(members, name)
        for member in members:
            if PurePosixPath(member.filename).suffix.lower() not in (".csv", ".json"):
                continue
            # Only the base name is used, so "../../etc/passwd" style names cannot escape the folder.
            (Path(target) / PurePosixPath(member.filename).name).write_bytes(_read_member(archive, member, name))
        return read_package(Path(target))


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_MEMBERS:
        raise HsdsSourceError(
            _("„%(name)s“ enthält mehr als %(limit)d Dateien.") % {"name": name, "limit": MAX_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_BYTES:
        raise HsdsSourceError(
            _("Der Inhalt von „%(name)s“ ist entpackt größer als %(limit)d MB.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    # The declared size can lie (a crafted archive); read at most one byte more than it promises.
    with archive.open(member) as handle:
        data = handle.read(member.file_size + 1)
    if len(data) > member.file_size:
        raise HsdsSourceError(_("„%(name)s“ ist beschädigt (Größenangaben stimmen nicht).") % {"name": name})
    return data
