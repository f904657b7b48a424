"""Interfaz de escritorio (PySide6): el único paquete que importa Qt."""
