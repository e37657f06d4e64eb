from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag
def translate_path(request: HttpRequest, language: str) -> str:
    """The current page's address in another UI language (``/x/`` ↔ ``/en/x/``)."""
    return translate_url(request.get_full_path(), language)
