"""Alembic environment: migrations run on the connection the app opened, never on their own."""

from alembic import context

from watchlist.store.models import Base
from watchlist.store.note_search import compared_with_models

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running `alembic` by hand
    raise RuntimeError("Watchlist migrations run through watchlist.store.database, not alembic")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=compared_with_models,
)
with context.begin_transaction():
    context.run_migrations()
