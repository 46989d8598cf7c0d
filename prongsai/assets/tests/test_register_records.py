"""The register's records: every change kept, disposal as a step, photos, damage reports, moves, who answers now."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.urls import reverse
from django.utils import translation

from prongsai.assets.models import Asset, AssetPhoto, Custodian, Disposal
from prongsai.assets.register import selectors, services
from prongsai.assets.testing import PDF, make_asset
from prongsai.core import history, history_text
from prongsai.core.models import Change
from prongsai.core.testing import PersonaTestCase, TemporaryMedia
from prongsai.core.thai import local_today


class RecordTests(TemporaryMedia, PersonaTestCase):
    asset: Asset

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.asset = make_asset(cls, "416-59-0001")

    def url(self, name: str, **extra: object) -> str:
        return reverse(f"assets:{name}", kwargs={"org_slug": self.org.slug, "code": self.asset.code, **extra})

    def form_data(self, **changes: object) -> dict[str, object]:
        a = self.asset
        data = {
            "code": a.code,
            "name": a.name,
            "category": a.category,
            "unit": a.unit_id,
            "room": a.room,
            "cost": "24000.00",
            "acquired_on": "01/03/2559",
            "method": a.method,
            "status": a.status,
        }
        return data | changes

    def test_it_creates_an_asset_with_its_history(self) -> None:
        self.client.force_login(self.coordinator)
        data = self.form_data(code="412-60-0003", name="เครื่องโปรเจคเตอร์")
        response = self.client.post(reverse("assets:new", kwargs={"org_slug": self.org.slug}), data)
        self.assertRedirects(
            response, reverse("assets:detail", kwargs={"org_slug": self.org.slug, "code": "412-60-0003"})
        )
        asset = Asset.objects.get(code="412-60-0003")
        self.assertEqual(asset.acquired_on, date(2016, 3, 1))
        (created,) = history.changes_of(asset)
        self.assertEqual(created.action, Change.Action.CREATED)
        self.assertEqual(created.actor, self.coordinator)

    def test_it_keeps_every_change_with_who_and_before_after(self) -> None:
        self.client.force_login(self.unit_head)
        self.client.post(self.url("edit"), self.form_data(room="ห้องประชุม", status="damaged"))
        self.client.post(self.url("edit"), self.form_data(room="ห้องประชุม", status="damaged", brand="Dell"))
        changes = list(history.changes_of(self.asset))
        self.assertEqual(changes[0].changes, {"brand": ["", "Dell"]})
        self.assertEqual(changes[1].changes, {"room": ["ห้องกองคลัง", "ห้องประชุม"], "status": ["in_use", "damaged"]})
        self.assertEqual({c.actor for c in changes}, {self.unit_head})
        with translation.override("th"):
            page = self.client.get(self.url("detail")).content.decode()
        self.assertIn("ห้องประชุม", page)
        self.assertIn("ชำรุด", page)

    def test_it_refuses_a_duplicate_number_and_a_code_with_a_slash(self) -> None:
        make_asset(self, "416-59-0002")
        self.client.force_login(self.executive)
        for code in ("416-59-0002", "416/59/1", "416 59"):
            response = self.client.post(self.url("edit"), self.form_data(code=code))
            with self.subTest(code=code):
                self.assertEqual(response.status_code, 200)
                self.assertIn("code", response.context["form"].errors)
        self.assertEqual(Asset.objects.get(pk=self.asset.pk).code, "416-59-0001")

    def test_it_records_the_disposal_as_a_step_and_never_deletes(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(
            self.url("dispose"), {"method": "auction", "disposed_on": "20/8/2568", "reason": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("reason", response.context["form"].errors)
        upload = io.BytesIO(PDF)
        upload.name = "order.pdf"
        response = self.client.post(
            self.url("dispose"),
            {"method": "auction", "disposed_on": "20/8/2568", "reason": "ชำรุดเกินซ่อม", "document_file": upload},
        )
        self.assertEqual(response.status_code, 302)
        asset = Asset.objects.get(pk=self.asset.pk)
        self.assertEqual(asset.status, Asset.Status.DISPOSED)
        disposal = Disposal.objects.get(asset=asset)
        self.assertEqual(disposal.disposed_on, date(2025, 8, 20))
        self.assertEqual(disposal.recorded_by, self.executive)
        step = history.changes_of(asset).filter(action=Change.Action.STEP).get()
        self.assertEqual(
            (step.event, step.changes, step.note), ("dispose", {"status": ["in_use", "disposed"]}, "ชำรุดเกินซ่อม")
        )
        document = self.client.get(
            reverse("assets:disposal_document", kwargs={"org_slug": self.org.slug, "disposal_id": disposal.pk})
        )
        self.assertEqual(b"".join(document), PDF)
        # the record is read-only now, and cannot be disposed of twice
        self.assertEqual(self.client.get(self.url("edit")).status_code, 403)
        self.assertEqual(self.client.get(self.url("dispose")).status_code, 403)
        self.assertEqual(self.client.get(self.url("detail")).status_code, 200)

    def test_it_wants_a_document_or_its_number_for_a_disposal(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(
            self.url("dispose"), {"method": "sale", "disposed_on": "20/8/2568", "reason": "เก่า"}
        )
        self.assertIn("reference", response.context["form"].errors)
        self.assertFalse(Disposal.objects.exists())

    def test_it_stores_photos_without_their_metadata(self) -> None:
        from PIL import Image

        picture = Image.new("RGB", (40, 30), "red")
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"
        raw = io.BytesIO()
        picture.save(raw, "JPEG", exif=exif.tobytes())
        raw.seek(0)
        raw.name = "photo.jpg"
        self.client.force_login(self.unit_head)
        response = self.client.post(self.url("photo_add"), {"photo": raw, "caption": "ด้านหน้า"})
        self.assertEqual(response.status_code, 302)
        photo = AssetPhoto.objects.get()
        with photo.file.open("rb") as handle:
            stored = handle.read()
        self.assertNotIn(b"SecretCam", stored)
        self.assertEqual(history.changes_of(self.asset).get().action, Change.Action.ADDED)
        served = self.client.get(self.url("photo", photo_id=photo.pk))
        self.assertEqual(served["Content-Type"], "image/jpeg")
        not_image = io.BytesIO(b"%PDF-1.4 not a photo")
        not_image.name = "x.jpg"
        self.assertEqual(self.client.post(self.url("photo_add"), {"photo": not_image}).status_code, 200)
        self.assertEqual(AssetPhoto.objects.count(), 1)

    def test_it_takes_damage_reports_from_any_member_and_moves_from_managers(self) -> None:
        self.client.force_login(self.ethics)  # a member who manages nothing
        self.assertEqual(self.client.get(self.url("move")).status_code, 403)
        response = self.client.post(self.url("damage"), {"status": "damaged", "what": "จอแตก"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Asset.objects.get(pk=self.asset.pk).status, Asset.Status.DAMAGED)
        step = history.changes_of(self.asset).get()
        self.assertEqual((step.event, step.note, step.actor), ("report_damage", "จอแตก", self.ethics))
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.post(self.url("damage"), {"status": "lost", "what": "x"}).status_code, 403)
        self.client.force_login(self.unit_head)
        self.client.post(self.url("move"), {"room": "ห้องพัสดุ", "note": "ย้ายไปเก็บ"})
        move = history.changes_of(self.asset).first()
        assert move is not None
        self.assertEqual((move.event, move.changes), ("move", {"room": ["ห้องกองคลัง", "ห้องพัสดุ"]}))
        with translation.override("th"):
            sentences = [e.sentence for e in history_text.history(self.asset)]
        self.assertTrue(any("ย้าย" in s and "ห้องพัสดุ" in s for s in sentences), sentences)

    def test_it_names_who_is_answerable_now(self) -> None:
        self.assertEqual(selectors.answerable(self.asset), [])
        today = local_today()
        services.custodian_appoint(
            organisation=self.org,
            unit=self.finance,
            user=self.unit_head,
            starts_on=today - timedelta(days=400),
            by=None,
        )
        old = Custodian.objects.get()
        services.custodian_end(custodian=old, ends_on=today - timedelta(days=10), by=self.executive)
        self.assertEqual(selectors.answerable(self.asset), [])  # the appointment has ended
        services.custodian_appoint(organisation=self.org, unit=self.finance, user=self.staff, starts_on=today, by=None)
        self.assertEqual(selectors.answerable(Asset.objects.get(pk=self.asset.pk)), [self.staff])
        Asset.objects.filter(pk=self.asset.pk).update(custodian=self.coordinator)
        self.assertEqual(selectors.answerable(Asset.objects.get(pk=self.asset.pk)), [self.coordinator])
        self.assertEqual(list(Custodian.objects.order_by("pk")), [old, Custodian.objects.get(user=self.staff)])
        old.refresh_from_db()
        self.assertEqual(old.ended_by, self.executive)


class CustodianPageTests(PersonaTestCase):
    def test_it_ends_an_appointment_with_the_date_typed_in_the_page(self) -> None:
        custodian = services.custodian_appoint(
            organisation=self.org, unit=self.finance, user=self.staff, starts_on=date(2024, 10, 1), by=self.executive
        )
        self.client.force_login(self.unit_head)
        url = reverse("assets:custodians", kwargs={"org_slug": self.org.slug})
        with translation.override("th"):
            page = self.client.get(url).content.decode()
        typed = page.split(f'id="end-{custodian.pk}" name="ends_on" value="')[1].split('"')[0]
        self.assertRegex(typed, r"^\d\d/\d\d/25\d\d$")  # พ.ศ., as the date fields read it
        end = reverse("assets:custodian_end", kwargs={"org_slug": self.org.slug, "custodian_id": custodian.pk})
        self.client.post(end, {"ends_on": "31/03/2569"})
        custodian.refresh_from_db()
        self.assertEqual((custodian.ends_on, custodian.ended_by), (date(2026, 3, 31), self.unit_head))
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(end, {"ends_on": "31/03/2569"}).status_code, 403)
