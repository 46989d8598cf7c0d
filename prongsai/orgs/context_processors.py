from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from prongsai.orgs.access import organisations_for


def tenancy(request: HttpRequest) -> dict[str, Any]:
    """The organisations of the signed-in person, for the switcher in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_organisations": []}
    return {
        "my_organisations": list(organisations_for(user).only("slug", "name")),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
