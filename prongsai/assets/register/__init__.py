"""The register part of the assets module: the asset register, its custodians, import and export, QR pages
and label sheets (the loans and stock-check parts live beside it)."""
