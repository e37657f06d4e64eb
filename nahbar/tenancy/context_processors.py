from typing import Any

from django.conf import settings
from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, Any]:
    return {
        "municipality": getattr(request, "municipality", None),
        "NAHBAR_TILE_URL": settings.NAHBAR_TILE_URL,
    }
