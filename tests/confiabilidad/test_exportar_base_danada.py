"""De una base dañada nunca se exporta: la revisión completa de integridad corre a la par de la exportación y, si
informa daño, no se publica nada, nada queda marcado como enviado y la base no cambia (BASE_DANADA, no una falla
interna). Bases dañadas de verdad: bytes cambiados en el archivo SQLite."""

import sqlite3
from pathlib import Path

import pytest

from base_local.apertura import abrir_base
from base_local.respaldos import BaseDanada, integridad
from base_local.rutas import Rutas
from empaquetado.exportar import exportar_y_publicar, preparar
from tests.empaquetado.util import cli, privada_de


def _vaciar_wal(archivo: Path) -> None:
    con = sqlite3.connect(archivo)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _danar_indice(archivo: Path) -> None:
    """Cambia, en la página del índice de municipios, la clave de cada municipio por la misma al revés: el árbol queda bien
    formado, pero el índice ya no corresponde a las filas. Exportar no lee ese índice ni lo toca al marcar lo enviado:
    solo la revisión completa lo ve."""
    _vaciar_wal(archivo)
    con = sqlite3.connect(archivo)
    raiz = con.execute("select rootpage from sqlite_master where name = 'ix_accion_municipio'").fetchone()[0]
    tamano = con.execute("pragma page_size").fetchone()[0]
    claves = [e for (e,) in con.execute("select distinct municipio from accion where municipio is not null")]
    con.close()
    datos = bytearray(archivo.read_bytes())
    inicio = (raiz - 1) * tamano
    pagina = bytes(datos[inicio : inicio + tamano])
    for clave in claves:
        pagina = pagina.replace(clave.encode(), clave[::-1].encode())
    assert pagina != bytes(datos[inicio : inicio + tamano])
    datos[inicio : inicio + tamano] = pagina
    archivo.write_bytes(bytes(datos))


def _danar_paginas(archivo: Path) -> None:
    """Basura sobre tres páginas enteras (como un sector perdido del disco): las lecturas mismas fallan."""
    _vaciar_wal(archivo)
    datos = bytearray(archivo.read_bytes())
    for i in range(4096 * 3, 4096 * 6):
        datos[i] = 0xA5
    archivo.write_bytes(bytes(datos))


def _pendientes(archivo: Path) -> int:
    con = sqlite3.connect(f"{archivo.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("select count(*) from accion where pendiente_envio").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("danar", [_danar_indice, _danar_paginas])
def test_exportar_de_una_base_danada_no_publica_nada(oficina_municipal, tmp_path, danar):
    assert cli(oficina_municipal, "demo", "--registros", "30")[0] == 0
    archivo = oficina_municipal / "registro.sqlite"
    danar(archivo)
    assert integridad(archivo) is not None
    antes = archivo.read_bytes()
    usb = tmp_path / "usb"
    codigo, salida = cli(oficina_municipal, "exportar", "--salida", str(usb))
    assert (codigo, salida["error"]) == (2, "BASE_DANADA"), salida
    assert "está dañada" in salida["mensaje"] and "restaurar" in salida["mensaje"]
    assert not usb.exists() or list(usb.iterdir()) == []
    enviados = oficina_municipal / "enviados"
    assert not enviados.exists() or list(enviados.iterdir()) == []
    assert archivo.read_bytes() == antes  # nada confirmado: ni marcas de enviado ni paquete registrado


def test_la_revision_a_la_par_frena_lo_que_la_exportacion_no_ve(oficina_municipal, tmp_path):
    """El daño del índice no estorba a la exportación (prepara los 12 registros), pero exportar_y_publicar espera la
    revisión antes de confirmar: BaseDanada, nada publicado ni marcado (lo que usan la ventana y el banco)."""
    assert cli(oficina_municipal, "demo", "--registros", "12")[0] == 0
    archivo = oficina_municipal / "registro.sqlite"
    _danar_indice(archivo)
    antes = archivo.read_bytes()
    base = abrir_base(Rutas(oficina_municipal).url_base, revisar_integridad=False)
    try:
        with base.transaccion() as s:
            assert len(preparar(s).registros) == 12
        privada = privada_de(oficina_municipal)
        with pytest.raises(BaseDanada, match="está dañada"):
            exportar_y_publicar(base, Rutas(oficina_municipal), lambda: privada, tmp_path / "usb")
    finally:
        base.cerrar()
    assert _pendientes(archivo) == 12
    assert not (tmp_path / "usb").exists() or list((tmp_path / "usb").iterdir()) == []
    assert list((oficina_municipal / "enviados").glob("*")) == []
    assert archivo.read_bytes() == antes


def test_exportar_de_una_base_sana_sigue_igual(oficina_municipal, tmp_path):
    assert cli(oficina_municipal, "demo", "--registros", "5")[0] == 0
    codigo, salida = cli(oficina_municipal, "exportar", "--salida", str(tmp_path / "usb"))
    assert codigo == 0 and salida["registros"] == 5, salida
    assert _pendientes(oficina_municipal / "registro.sqlite") == 0
