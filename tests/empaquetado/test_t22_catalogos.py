"""T22: una actualización de catálogos pasa la misma revisión que los catálogos que trae el programa. Las malas se
construyen como lo haría quien tiene la llave real de la central (o un error suyo): a mano y firmadas con ella, sin
pasar por `actualizacion`, que ya no las publica. La oficina las rechaza enteras con ACTUALIZACION_INVALIDA,
nombrando archivo, fila y columna, con la base idéntica byte por byte, en SQLite y en PostgreSQL."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from base_local.apertura import abrir_base
from base_local.consultas_catalogo import leer_catalogos
from empaquetado import llaves
from empaquetado.actualizacion import FORMATO
from empaquetado.confianza import firmar_documento
from formularios.revision_catalogos import ESPECS, Problema, revisar
from recursos import leer_catalogo
from tests.conftest import crear_oficina
from tests.empaquetado.test_actualizacion import _carpeta_csv, _rechazo, red, red_modelo  # noqa: F401 (fixtures)
from tests.empaquetado.util import BASES, cli, huella_base, privada_de

TAPACHULA = {"cve_ent": "07", "entidad": "Chiapas", "cve_mun": "089", "cvegeo": "07089",
             "municipio": "Tapachula", "fronterizo": "1"}
INSTITUCION = {"sigla": "INM", "nombre": "Instituto Nacional de Migración", "nota": ""}


def _firmada(central: Path, destino: Path, catalogos: dict, **extra) -> Path:
    """Una actualización hecha a mano y firmada con la llave privada REAL de la central (sin pasar por publicar)."""
    privada = privada_de(central)
    publica = llaves.publica_cruda(privada)
    cuerpo = {"formato": FORMATO, "oficina": "CAIMFS", "version": "2026.2", "version_base": "2026.1",
              "emitida": "2026-03-01", "llave_publica": base64.b64encode(publica).decode(), "huella": llaves.huella(publica),
              "catalogos": catalogos, **extra}
    destino.write_text(json.dumps(firmar_documento(cuerpo, privada)), encoding="utf-8")
    return destino


def test_t22_los_catalogos_del_programa_pasan_la_misma_revision():
    revisar({archivo: leer_catalogo(archivo) for archivo in ESPECS})


CASOS_MALOS = [
    pytest.param({"municipios": [{**TAPACHULA, "cve_ent": "27", "entidad": "Tabasco"}]},
                 ("municipios.csv", "fila 2", "columna cvegeo", "07089"), id="municipio-de-otra-entidad"),
    pytest.param({"municipios": [{**TAPACHULA, "entidad": "Tabasco"}]},
                 ("municipios.csv", "fila 2", "columna entidad", "Chiapas"), id="entidad-que-no-es-la-suya"),
    pytest.param({"instituciones": [INSTITUCION, {"sigla": "CONAPO", "nombre": "Consejo", "nota": ""}, INSTITUCION]},
                 ("instituciones.csv", "fila 4", "repite la clave", "fila 2"), id="clave-repetida"),
    pytest.param({"ejes": [{"clave": "coordinacion_interinstitucional", "numero": "1", "nombre": "Coordinación",
                            "numero_seccion_v": "1"}]},
                 ("ejes.csv", "fila 2", "columna numero", "coordinacion"), id="clave-renombrada"),
    pytest.param({"lineas_accion": [{"clave": "reuniones_tres_niveles", "eje": "capacitacion", "numero": "1",
                                     "nombre": "Reuniones", "meta": ""}]},
                 ("lineas_accion.csv", "fila 2", "columna eje", "no se renombra"), id="clave-en-uso-movida-de-eje"),
    pytest.param({"municipios": [{**TAPACHULA, "retirado": "borrar"}]},
                 ("municipios.csv", "fila 2", "columna retirado", "nunca se borran"), id="clave-en-uso-borrada"),
    pytest.param({"instituciones": [{**INSTITUCION, "nombre": "Instituto\x0bNacional"}]},
                 ("instituciones.csv", "fila 2", "columna nombre", "U+000B"), id="caracter-de-control"),
    pytest.param({"municipios": [{**TAPACHULA, "municipio": "Tapachula " * 1_000}]},
                 ("municipios.csv", "fila 2", "columna municipio", "máximo es 120"), id="nombre-de-10000-caracteres"),
    pytest.param({"lineas_accion": [{"clave": "nueva", "eje": "inexistente", "numero": "9", "nombre": "N", "meta": ""}]},
                 ("lineas_accion.csv", "fila 2", "columna eje", "no está en ejes.csv"), id="cita-una-clave-que-no-existe"),
    pytest.param({"metas": [{"indicador": "PICI", "anio": "2027", "periodo": "anual", "valor": "9" * 12,
                             "denominador": "1", "nota": ""}]},
                 ("metas.csv", "fila 2", "columna valor"), id="numero-enorme"),
    # Hallado al atacar la revisión: la clave cabe en valor_catalogo (60) pero no en accion.modalidad (20).
    pytest.param({"valores": [{"catalogo": "modalidad", "clave": "hibrida_con_transmision_en_vivo", "nombre": "Híbrida",
                               "orden": "4"}]},
                 ("valores.csv", "fila 2", "columna clave", "a lo más 20"), id="clave-mas-larga-que-el-registro"),
    pytest.param({"instituciones": [{**INSTITUCION, "sigla": "\u0130NM"}]},
                 ("instituciones.csv", "fila 2", "columna sigla"), id="sigla-con-letra-turca"),
    pytest.param({"municipios": [{**TAPACHULA, "cve_ent": "٠٧", "cvegeo": "٠٧089"}]},
                 ("municipios.csv", "fila 2", "columna cve_ent"), id="digitos-arabes"),
]


@pytest.mark.parametrize(("catalogos", "fragmentos"), CASOS_MALOS)
def test_t22_actualizacion_mala_firmada_por_la_central_se_rechaza_entera(red, tmp_path, catalogos, fragmentos):  # noqa: F811
    # Junto a la fila mala va una buena: nada de la actualización se aplica.
    catalogos = {"metas": [{"indicador": "PICI", "anio": "2027", "periodo": "anual", "valor": "40", "denominador": "40",
                            "nota": ""}], **catalogos}
    act = _firmada(red["cen"], tmp_path / "mala.json", catalogos)
    for oficina in ("est", "mun"):
        mensaje = _rechazo(red[oficina], act, "ACTUALIZACION_INVALIDA")
        assert all(f in mensaje for f in fragmentos), mensaje
    # La central tampoco publica esas filas (misma revisión antes de firmar), y su base no cambia.
    archivos = {}
    for nombre, filas in catalogos.items():
        columnas = list(ESPECS[nombre].columnas) + (["retirado"] if any("retirado" in f for f in filas) else [])
        archivos[nombre] = "\n".join([",".join(columnas)] + [",".join(f'"{f.get(c, "")}"' for c in columnas) for f in filas]) + "\n"
    antes = huella_base(red["cen"])
    codigo, res = cli(red["cen"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, **archivos)),
                      "--salida", str(tmp_path / "publicada.json"))
    assert codigo == 2 and res["error"] == "ACTUALIZACION_INVALIDA", res
    assert huella_base(red["cen"]) == antes and not (tmp_path / "publicada.json").exists()


def test_t22_tras_el_rechazo_la_estatal_sigue_recibiendo_a_tapachula(red, tmp_path):  # noqa: F811
    """El caso del issue: con el municipio 07089 «de Tabasco» la estatal rechazaría todo paquete de Tapachula."""
    act = _firmada(red["cen"], tmp_path / "mala.json", {"municipios": [{**TAPACHULA, "cve_ent": "27", "entidad": "Tabasco"}]})
    _rechazo(red["est"], act, "ACTUALIZACION_INVALIDA")
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    codigo, res = cli(red["mun"], "exportar", "--salida", str(tmp_path / "paquetes"))
    assert codigo == 0, res
    codigo, res = cli(red["est"], "importar", res["archivo"])
    assert codigo == 0 and res["paquetes"][0]["nuevos"] == 3, res


def test_t22_campo_desconocido_para_borrar_claves_se_rechaza(red, tmp_path):  # noqa: F811
    act = _firmada(red["cen"], tmp_path / "borrar.json", {"instituciones": [INSTITUCION]},
                   eliminar={"municipios": ["07089"], "ejes": ["coordinacion"]})
    mensaje = _rechazo(red["mun"], act, "ACTUALIZACION_INVALIDA")
    assert "eliminar" in mensaje and "nunca borra" in mensaje


def test_t22_retirar_la_clave_vigente_y_agregar_la_nueva_si_se_acepta(red, tmp_path):  # noqa: F811
    """La forma correcta de «renombrar» una clave en uso: se retira (sigue válida en los registros) y se agrega otra."""
    eje = {"clave": "coordinacion_interinstitucional", "numero": "1", "nombre": "Coordinación", "numero_seccion_v": "1"}
    vieja = {"clave": "coordinacion", "numero": "1", "nombre": "Coordinación Interinstitucional", "numero_seccion_v": "1",
             "retirado": "1"}
    act = _firmada(red["cen"], tmp_path / "buena.json", {"ejes": [{**vieja}, {**eje, "retirado": "0"}]})
    codigo, res = cli(red["mun"], "importar", str(act))
    assert codigo == 0 and res["paquetes"][0]["resultado"] == "actualizacion_aplicada", res
    base = abrir_base(f"sqlite:///{red['mun'] / 'registro.sqlite'}")
    try:
        with base.transaccion() as s:
            cat = leer_catalogos(s)
            assert {"coordinacion", "coordinacion_interinstitucional"} <= set(cat.ejes)
            assert "coordinacion" in cat.retiradas["eje"]
    finally:
        base.cerrar()


def test_t22_la_revision_nombra_archivo_fila_y_columna():
    with pytest.raises(Problema) as e:
        revisar({"entidades": leer_catalogo("entidades"),
                 "municipios": [TAPACHULA, {**TAPACHULA, "cvegeo": "07090", "cve_mun": "090", "municipio": "Tapachula"}]})
    assert str(e.value).startswith("municipios.csv, fila 3, columna cve_ent/municipio:")


@pytest.mark.parametrize(("catalogos", "fragmentos"), [CASOS_MALOS[0], CASOS_MALOS[7], CASOS_MALOS[9]])
def test_t22_en_postgresql_la_actualizacion_mala_se_rechaza_sin_tocar_la_base(tmp_path, servidor_pg, catalogos, fragmentos):
    """Una oficina con su base en PostgreSQL: el texto de 10,000 caracteres o la cifra de 12 dígitos no llegan a la base
    (que los rechazaría con un error interno); el rechazo es el mismo que en SQLite y la base no cambia."""
    cen, est = tmp_path / "cen", tmp_path / "est"
    crear_oficina(cen, "central")
    BASES[est] = servidor_pg.base_nueva()
    crear_oficina(est, "estatal", url=BASES[est])
    assert cli(est, "fijar-central", llaves.huella(llaves.publica_cruda(privada_de(cen))))[0] == 0
    act = _firmada(cen, tmp_path / "mala.json", catalogos)
    mensaje = _rechazo(est, act, "ACTUALIZACION_INVALIDA")
    assert all(f in mensaje for f in fragmentos), mensaje
