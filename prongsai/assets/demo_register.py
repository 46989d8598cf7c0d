"""Demo data: the register part of the assets module."""

from __future__ import annotations

from prongsai.orgs.models import Organisation


def load(pho_nong: Organisation, sample: Organisation) -> None:
    return None
