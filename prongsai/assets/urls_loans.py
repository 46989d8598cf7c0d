"""URLs of the loans part of the assets module (included by assets/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
