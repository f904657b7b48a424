"""Reportes que existen y sus formatos (sin cargar openpyxl ni reportlab)."""

TIPOS: dict[str, tuple[str, ...]] = {"consolidado": ("xlsx",), "trimestral": ("pdf",), "compendio": ("pdf",),
                                  "html": ("html",)}
