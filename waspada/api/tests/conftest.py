"""Fixtures for API tests: ``token_for`` and ``token_client`` live in the root conftest.py (other apps' API
tests use them too)."""
