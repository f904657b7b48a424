"""Lo que viaja sin volver a calcularse: la marca de validación de cada registro y las evidencias por bloques."""

import os
from pathlib import Path

from base_local.acciones import guardar_accion
from base_local.apertura import abrir_base
from base_local.evidencias import guardar_evidencia
from empaquetado.importar import importar_archivo
from formularios.reglas import HUELLA_REGLAS
from tests.empaquetado.util import (
    cli,
    consultar,
    ejecutar,
    escribir_zip,
    huella_base,
    miembros,
    red_de_oficinas,
    url_de,
)


def test_exportar_confia_solo_en_la_marca_de_las_mismas_reglas(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "4")[0] == 0
    assert consultar(red["mun"], "select distinct validada_con from accion") == [(HUELLA_REGLAS,)]
    ids = [i for (i,) in consultar(red["mun"], "select id from accion order by id")]
    # marcas de otras reglas (una versión anterior del programa): se validan de nuevo al exportar
    ejecutar(red["mun"], f"update accion set titulo = '', validada_con = 'reglas-viejas' where id = '{ids[0]}'")
    ejecutar(red["mun"], f"update accion set validada_con = NULL where id = '{ids[1]}'")
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "paq"))
    assert codigo == 0 and salida["registros"] == 3
    assert [e["id"] for e in salida["excluidos"]] == [ids[0]]
    assert "título" in salida["excluidos"][0]["errores"][0].lower()
    # lo recibido no trae marca: quien lo reenvía lo valida con sus propias reglas
    assert cli(red["est"], "importar", salida["archivo"])[0] == 0
    assert consultar(red["est"], "select distinct validada_con from accion") == [(None,)]


def test_un_borrador_pierde_la_marca(tmp_path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "1")[0] == 0
    [(id_accion,)] = consultar(red["mun"], "select id from accion")
    base = abrir_base(url_de(red["mun"]))
    with base.transaccion() as s:
        guardar_accion(s, {"id": id_accion, "titulo": "Cambiado a borrador"}, quien="x", oficina="M07089", estado="borrador")
    base.cerrar()
    assert consultar(red["mun"], "select validada_con, estado from accion") == [(None, "borrador")]


def _paquete_con_evidencia(tmp_path: Path):
    red = red_de_oficinas(tmp_path)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    foto = tmp_path / "fotos del taller.jpg"
    foto.write_bytes(os.urandom(3 * 1024 * 1024 + 17))  # más de un bloque de lectura
    descripcion = guardar_evidencia(red["mun"] / "evidencias", foto)
    [(id_accion,)] = consultar(red["mun"], "select id from accion order by id limit 1")
    base = abrir_base(url_de(red["mun"]))
    with base.transaccion() as s:
        guardar_accion(s, {"id": id_accion, "evidencias": [descripcion]}, quien="x", oficina="M07089", estado="lista")
    base.cerrar()
    codigo, salida = cli(red["mun"], "exportar", "--salida", str(tmp_path / "paq"))
    assert codigo == 0
    return red, Path(salida["archivo"]), foto, descripcion["sha256"]


def test_evidencia_grande_se_copia_por_bloques_y_verificada(tmp_path):
    red, paquete, foto, sha = _paquete_con_evidencia(tmp_path)
    assert cli(red["est"], "importar", str(paquete))[0] == 0
    assert (red["est"] / "evidencias" / sha).read_bytes() == foto.read_bytes()
    assert not list((red["est"] / "evidencias").glob("*.parcial"))
    assert consultar(red["est"], "select count(*) from evidencia where sha256 = :p0", sha) == [(1,)]


def test_paquete_cambiado_en_el_disco_durante_la_importacion(tmp_path):
    """La memoria USB puede cambiar entre la verificación y la copia de evidencias: no entra nada."""
    red, paquete, _, sha = _paquete_con_evidencia(tmp_path)
    original = miembros(paquete)

    def cambiar_el_archivo() -> None:
        escribir_zip(paquete, [(n, b"otra cosa" if "/evidencias/" in n else d) for n, d in original])

    antes = huella_base(red["est"])
    base = abrir_base(url_de(red["est"]))
    resultado = importar_archivo(base, paquete, red["est"] / "evidencias", antes_de_escribir=cambiar_el_archivo)
    base.cerrar()
    assert (resultado.resultado, resultado.codigo) == ("rechazado", "ARCHIVO_ALTERADO")
    assert "cambió durante la importación" in resultado.mensaje
    assert huella_base(red["est"]) == antes
    assert not list((red["est"] / "evidencias").iterdir())
