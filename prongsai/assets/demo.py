"""Demo data of the assets module: the register, loans and a stock check in progress (each part its own file)."""

from __future__ import annotations

from prongsai.orgs.models import Organisation


def load(pho_nong: Organisation, sample: Organisation) -> None:
    from prongsai.assets import demo_loans, demo_register, demo_stockcheck

    demo_register.load(pho_nong, sample)
    demo_loans.load(pho_nong, sample)
    demo_stockcheck.load(pho_nong, sample)
