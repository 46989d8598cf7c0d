"""The vehicles module's URLs."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "vehicles"

urlpatterns: list[URLPattern] = []
