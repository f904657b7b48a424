"""La búsqueda de la lista de acciones ignora acentos y mayúsculas igual en SQLite y en PostgreSQL."""

from datetime import date

from base_local.acciones import guardar_accion
from base_local.apertura import abrir_base
from base_local.consulta_acciones import Filtro, contar, filas, sin_acentos
from base_local.rutas import Rutas
from tests.conftest import crear_oficina


def test_busqueda_sin_acentos_ni_mayusculas(tmp_path, motor_central):
    carpeta = tmp_path / "cen"
    crear_oficina(carpeta, "central", url=motor_central)
    base = abrir_base(motor_central or Rutas(carpeta).url_base)
    with base.transaccion() as s:
        for titulo, municipio in (("Reunión de COORDINACIÓN", "07089"), ("Taller de derechos", "27004"), ("Niñez migrante", "07089")):
            guardar_accion(s, {"titulo": titulo, "fecha_inicio": date(2026, 1, 5), "entidad": municipio[:2], "municipio": municipio},
                           quien="x", oficina="CAIMFS", estado="borrador")
    with base.transaccion() as s:
        for buscado, esperado in (("reunion", ["Reunión de COORDINACIÓN"]), ("REUNIÓN", ["Reunión de COORDINACIÓN"]),
                                  ("coordinacion", ["Reunión de COORDINACIÓN"]), ("ninez", ["Niñez migrante"]),
                                  ("NIÑEZ", ["Niñez migrante"]), ("centro", ["Taller de derechos"]), ("xyz", [])):
            assert contar(s, Filtro(texto=buscado)) == len(esperado), buscado
            assert [f[6] for f in filas(s, Filtro(texto=buscado))] == esperado, buscado
    assert sin_acentos("ÁÉÍÓÚÜÑ áéíóúüñ") == "aeiouun aeiouun"
    base.cerrar()
