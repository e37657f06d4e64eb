"""The one error every import of this app (areas and their statistics) raises for a file it cannot take."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AreaImportError(ValidationError):
    """A file that cannot be imported. The message is German (translatable) and names the
    feature or row and the field, so the person holding the file can find and fix the spot."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="import")

    def __str__(self) -> str:
        # ValidationError's own __str__ shows a Python list; the user should see a sentence.
        return " ".join(self.messages)
