"""Stock-check rounds (ตรวจสอบพัสดุประจำปี / รายไตรมาส), their committee and the scans."""

from __future__ import annotations

__all__: list[str] = []
