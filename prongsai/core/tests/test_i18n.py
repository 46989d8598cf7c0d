"""Thai first: every tagged string has a Thai translation, and the catalogue is compiled."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

PO = Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / "django.po"


class CatalogueTests(SimpleTestCase):
    def test_it_translates_every_string_into_thai(self) -> None:
        catalogue = polib.pofile(str(PO))
        untranslated = [e.msgid for e in catalogue.untranslated_entries()]
        fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
        self.assertEqual(untranslated, [], "run `make messages` and translate the new strings")
        self.assertEqual(fuzzy, [])
        self.assertGreater(len(catalogue), 100)

    def test_it_keeps_placeholders_in_translations(self) -> None:
        import re

        placeholder = re.compile(r"%\(\w+\)s")
        for entry in polib.pofile(str(PO)):
            translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            with self.subTest(msgid=entry.msgid):
                self.assertEqual(sorted(placeholder.findall(entry.msgid)), sorted(placeholder.findall(translated)))

    def test_it_compiled_the_catalogue_at_install(self) -> None:
        self.assertTrue(PO.with_suffix(".mo").exists(), "make install compiles the catalogue")
        with translation.override("th"):
            self.assertEqual(translation.gettext("Dashboard"), "ภาพรวม")
        with translation.override("en"):
            self.assertEqual(translation.gettext("Dashboard"), "Dashboard")

    def test_it_defaults_to_thai_in_bangkok(self) -> None:
        self.assertEqual(settings.LANGUAGE_CODE, "th")
        self.assertEqual(settings.TIME_ZONE, "Asia/Bangkok")
        self.assertTrue(settings.USE_TZ)
