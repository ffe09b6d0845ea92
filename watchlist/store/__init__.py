"""The local library: SQLAlchemy models, migrations, the library API, export and import."""
