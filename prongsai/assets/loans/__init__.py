"""The loans part of the assets module: loans of assets (ยืมพัสดุ) and the asset-use rule.

``tracking.py`` declares the history and the registrations (called from ``AssetsConfig.ready``),
``access.py`` who may do what, ``services.py`` / ``rule_services.py`` every write, ``selectors.py`` the
lists, ``views.py`` / ``rule_views.py`` the pages, ``documents.py`` the ใบยืมพัสดุ, ``reminders.py`` +
``tasks.py`` the reminders and notices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prongsai.assets.models import AssetRule
    from prongsai.orgs.models import Organisation


def public_rule(org: Organisation) -> AssetRule | None:
    """The asset-use rule in force, for the organisation's public asset page (None before one is published).

    Show it with ``{% include "assets/loans/_rule_section.html" with org=org rule=rule %}``.
    """
    from prongsai.assets.loans.rule_services import public_rule as current

    return current(org)
