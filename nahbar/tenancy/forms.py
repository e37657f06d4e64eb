from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm


class LoginForm(AdminAuthenticationForm):
    """The admin login without autofocus: the first Tab must reach the skip link, and a
    screen reader should start reading at the top of the page, not inside a field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
