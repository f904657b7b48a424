"""Salidas en Excel y PDF: libro consolidado, reporte trimestral, compendio, carátula y acuse."""
