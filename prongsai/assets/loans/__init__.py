"""The loans part of the assets module: loans of assets (ยืมพัสดุ) and the asset-use rule.

``tracking.py`` declares the history and the registrations (called from ``AssetsConfig.ready``),
``access.py`` who may do what, ``services.py`` / ``rule_services.py`` every write, ``selectors.py`` the
lists, ``views.py`` / ``rule_views.py`` the pages, ``documents.py`` the ใบยืมพัสดุ, ``reminders.py`` +
``tasks.py`` the reminders and notices.
"""
