"""One upload limit (settings.UPLOAD_MAX_MB, core.uploads.MAX_UPLOAD_BYTES) for every module's files:
plan evidence, OIT documents and their new versions, complaint attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from prongsai.complaints.forms import AttachmentsField
from prongsai.core.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_TEXT
from prongsai.disclosure.forms import VersionForm
from prongsai.plans.forms import EvidenceForm


def pdf(size: int) -> SimpleUploadedFile:
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    return SimpleUploadedFile("report.pdf", head + b"0" * (size - len(head) - len(tail)) + tail)


class UploadLimitTests(SimpleTestCase):
    def test_every_module_refuses_a_file_one_byte_over_the_one_limit(self) -> None:
        self.assertEqual(MAX_UPLOAD_BYTES, settings.UPLOAD_MAX_MB * 1024 * 1024)
        over = MAX_UPLOAD_BYTES + 1
        evidence = EvidenceForm({"kind": "file", "caption": "ภาพกิจกรรม", "date": "2026-01-03"}, {"file": pdf(over)})
        self.assertFalse(evidence.is_valid())
        self.assertIn(MAX_UPLOAD_TEXT, str(evidence.errors["file"]))
        version = VersionForm({}, {"file": pdf(over)})
        self.assertFalse(version.is_valid())
        self.assertIn(MAX_UPLOAD_TEXT, str(version.errors["file"]))
        with self.assertRaises(ValidationError) as refused:
            AttachmentsField().clean([pdf(over)])
        self.assertIn(MAX_UPLOAD_TEXT, str(refused.exception))

    def test_the_forms_name_the_limit_they_apply(self) -> None:
        self.assertIn(MAX_UPLOAD_TEXT, str(EvidenceForm().fields["file"].label))
        self.assertIn(MAX_UPLOAD_TEXT, str(VersionForm().fields["file"].label))
