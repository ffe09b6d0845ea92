"""Alembic migrations of the library schema; run automatically when a library is opened."""
