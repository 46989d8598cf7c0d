"""The configuration of django.contrib.staticfiles (its own module: an apps module with two AppConfigs would
make Django fall back to a plain AppConfig for the core app, whose ready() registers the checks)."""

from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, without the Sarabun faces no page asks for.

    fontpkg-sarabun ships sixteen faces; the stylesheet uses Regular, Italic, SemiBold and Bold. Leaving the
    other twelve out of ``collectstatic`` keeps them from being copied, hashed and compressed at every
    ``make run`` (the documents read the faces from the package, not from the static files).
    """

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "Sarabun-Thin*",
        "Sarabun-ExtraLight*",
        "Sarabun-Light*",
        "Sarabun-Medium*",
        "Sarabun-SemiBoldItalic*",
        "Sarabun-BoldItalic*",
        "Sarabun-ExtraBold*",
    ]
