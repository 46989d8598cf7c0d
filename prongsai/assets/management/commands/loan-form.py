"""Write the ใบยืมพัสดุ (loan form) of one loan as DOCX or PDF.

Exit status: 0 when written, 1 when the file cannot be written, 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.core.commands import organisation, output_path, usage_error, write_output


class Command(BaseCommand):
    help = (
        "Write the loan form (ใบยืมพัสดุ) of one loan of an organisation, printed from the record on one A4 page: "
        "the borrower, purpose, place, the items and the dates, with the signature blocks of the borrower, the "
        "approver, the hand-over and the return."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--loan", required=True, help="the loan: its id, or its number as N/YYYY (e.g. 3/2569)")
        parser.add_argument("--format", required=True, choices=["docx", "pdf"])
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")
        parser.add_argument("--arabic-digits", action="store_true", help="Arabic instead of Thai digits in the text")

    def handle(self, *args: Any, **options: Any) -> None:
        from prongsai.assets.loans.documents import FORMATS, render_loan_form
        from prongsai.assets.models import Loan

        fmt = options["format"]
        if fmt not in FORMATS:  # call_command() does not check choices
            raise usage_error(f"The format is docx or pdf, not {fmt!r}.")
        org = organisation(options["org"])
        ref = str(options["loan"]).strip()
        loans = Loan.objects.filter(organisation=org)
        if ref.isdigit():
            loan = loans.filter(pk=int(ref)).first()
        elif "/" in ref and all(part.isdigit() for part in ref.split("/", 1)):
            number, year = (int(part) for part in ref.split("/", 1))
            loan = loans.filter(number=number, fiscal_year=year).first()
        else:
            raise usage_error(f"The loan is its id or its number as N/YYYY (e.g. 3/2569), not {ref!r}.")
        if loan is None:
            raise usage_error(f"{org.slug} has no loan {ref!r}.")
        path = output_path(options["output"])
        with translation.override("th"):
            content = render_loan_form(loan, fmt, thai_digits=not options["arabic_digits"])
        write_output(self, path, content)
