"""Almacén local: modelos SQLAlchemy, sesión, migraciones Alembic, catálogos, historial y respaldos."""
