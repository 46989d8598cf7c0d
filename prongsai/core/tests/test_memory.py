"""Issue 11 §8: a web process that serves pages holds Django and the apps, not the document libraries.

matplotlib, WeasyPrint, python-docx, openpyxl and pypdf (with numpy, lxml, Pillow, httpx) are imported by
the functions that make a chart, a PDF, a DOCX, a workbook or read an upload: loading the settings, the
apps and every URL pattern (each view module) must not import them. Checked in a fresh interpreter,
since this test process has imported them all already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "numpy", "weasyprint", "docx", "openpyxl", "pypdf", "lxml", "PIL", "httpx")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            walk(pattern.url_patterns)
        else:
            pattern.callback  # the view itself

walk(get_resolver().url_patterns)
from prongsai import wsgi  # what a gunicorn worker loads
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _modules_after_loading_the_urls(tmp_path: Path) -> set[str]:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "prongsai.settings", "DATA_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


class TestImports:
    def test_it_loads_every_url_without_the_document_libraries(self, tmp_path: Path) -> None:
        loaded = _modules_after_loading_the_urls(tmp_path)
        assert "django" in loaded  # the probe did load the project
        assert "prongsai" in loaded
        assert [name for name in HEAVY if name in loaded] == []
