"""Paquetes de envío firmados: llaves, alta de la oficina, exportación, verificación, importación y acuses."""
