"""The project's settings for the real gunicorn of test_server_logs.py, with static files served from the apps
(whitenoise's finders) instead of a collected, compressed copy: `collectstatic` (~4 s) says nothing about logs."""

from prongsai.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
