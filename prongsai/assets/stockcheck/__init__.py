"""The stock check (ตรวจสอบพัสดุ): count rounds, counting by phone or file, reconciliation and the document set.

``calendar.py`` (working days), ``services.py`` (every write), ``selectors.py`` (reads), ``reconcile.py``
(the pure reconciliation), ``importing.py`` (handheld/paper counts on core/importing), ``documents.py``
(the committee's documents on core/doc), ``xlsx.py`` (the lists as XLSX), ``report.py`` (JSON/DOCX/PDF/XLSX
of a round), ``reminders.py`` + ``tasks.py`` (the annual report's due-day reminders), ``views*.py``.
"""
