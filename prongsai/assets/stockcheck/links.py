"""Addresses of a round's pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from prongsai.assets.models import CountRound


def reverse_round(round_: CountRound, name: str = "round", **kwargs: Any) -> str:
    return reverse(
        f"assets:stockcheck_{name}",
        kwargs={"org_slug": round_.organisation.slug, "round_id": round_.pk, **kwargs},
    )
