"""An upload handler that keeps LimeSurvey uploads in memory only.

Django writes uploads above 2.5 MB to a temporary file; a LimeSurvey export may hold IP addresses and
tokens, so this view's uploads never touch the disk. Beyond the size limit the rest of the file is read
and thrown away, and the form reports the real size ("größer als 20 MB").
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from nahbar.survey.limesurvey import loader


class InMemoryUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) <= loader.MAX_FILE_BYTES:
            self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
