"""Assets and what is done with them (indicator 4 of the ITA): the register, loans and stock checks.

One part per file, each with its own models module, URLs and demo: the register (``register/``,
``models/register.py``, ``urls_register.py``), loans (``models/loans.py``, ``urls_loans.py``) and stock
checks (``models/stockcheck.py``, ``urls_stockcheck.py``). The parts meet in two hooks: sections of the
public page (``public.PUBLIC_SECTIONS``) and of the dashboard panel (``summary.SUMMARY_SECTIONS``), appended in
``AssetsConfig.ready``; an asset's permanent address ``/<slug>/a/<code>/`` (``assets:scan``) links to the
loans part's ``assets:loan_new`` when it exists.
"""
