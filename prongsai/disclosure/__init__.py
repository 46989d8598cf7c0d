"""Disclosure checks: link auditing of published documents and pages."""
