"""WSGI entry point for gunicorn: `gunicorn prongsai.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
application = get_wsgi_application()
