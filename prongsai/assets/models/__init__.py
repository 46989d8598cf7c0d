"""The asset register and what is done with its assets: loans and stock checks.

One module per part, each owned by its feature: ``register.py`` (assets, photos, disposals, unit
custodians), ``loans.py`` (loans and the asset-use rule), ``stockcheck.py`` (count rounds and scans).
"""

from prongsai.assets.models.loans import *  # noqa: F403
from prongsai.assets.models.register import *  # noqa: F403
from prongsai.assets.models.stockcheck import *  # noqa: F403
