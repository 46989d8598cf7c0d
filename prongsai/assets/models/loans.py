"""Loans of assets (ยืมพัสดุ) and the asset-use rule with its acknowledgements."""

from __future__ import annotations

__all__: list[str] = []
