from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (``nahbar demo``). No models; nothing of it is shown in the admin."""

    name = "nahbar.demo"
    label = "demo"
