"""Migraciones Alembic del almacén local."""
