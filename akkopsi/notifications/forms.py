from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.services import preferences_of


class PreferencesForm(forms.Form):
    """Two boxes per kind: by e-mail, in the inbox."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        current = preferences_of(user)
        for kind in Kind:
            by_email, in_inbox = current[kind]
            email_field = forms.BooleanField(label=_("By e-mail"), required=False, initial=by_email)
            inbox_field = forms.BooleanField(
                label=_("In the inbox"), required=False, initial=in_inbox
            )
            self.fields[f"{kind}__email"] = email_field
            self.fields[f"{kind}__inbox"] = inbox_field
            self.rows.append((kind.label, self[f"{kind}__email"], self[f"{kind}__inbox"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}__email"], data[f"{kind}__inbox"]) for kind in Kind.values}
