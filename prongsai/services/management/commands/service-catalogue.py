"""Write an organisation's whole service catalogue (คู่มือสำหรับประชาชน: each service's current revision) as PDF or
DOCX.

Exit status: 0 when written, 1 when the file cannot be written, 2 on a usage error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from prongsai.core.commands import organisation, output_path, usage_error, write_output
from prongsai.services.documents import CONTENT_TYPES, render_catalogue


class Command(BaseCommand):
    help = (
        "Write an organisation's service catalogue (คู่มือสำหรับประชาชน, the OIT service-manual item) as PDF or DOCX: "
        "a list of the services in force, then each service's step sheet on a page of its own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--format", required=True, choices=sorted(CONTENT_TYPES))
        parser.add_argument("--output", required=True, help="file to write, or - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in CONTENT_TYPES:  # call_command() does not check choices
            raise usage_error(f"The format is pdf or docx, not {fmt!r}.")
        org = organisation(options["org"])
        path = output_path(options["output"])
        with translation.override("th"):
            content = render_catalogue(org, fmt)
        write_output(self, path, content)
