"""Actualizaciones firmadas de catálogos y metas: la central publica, la estatal aplica y pasa el mismo archivo a
sus municipios; nadie más puede firmarlas, se aplican una sola vez y en orden (issue «Cierre del circuito», punto 3)."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from base_local.apertura import abrir_base
from base_local.consultas_catalogo import leer_catalogos
from base_local.modelos import Municipio
from base_local.oficinas import oficina_local
from base_local.rutas import Rutas
from empaquetado import llaves
from empaquetado.confianza import firmar_documento
from empaquetado.importar import huecos
from formularios.reglas import Contexto, errores, validar
from reportes.indicadores import calcular, metas
from reportes.tablero import construir
from tests.conftest import FRASE, crear_oficina
from tests.empaquetado.util import cli, huella_base, red_de_oficinas

INSTITUCIONES = """sigla,nombre,nota,retirado
INMUJERES-CH,Instituto de las Mujeres de Chiapas,Alta de la versión 2026.2,
ANAM,Agencia Nacional de Aduanas de México,,1
"""
METAS = """indicador,anio,periodo,valor,denominador,nota
PICI,2027,anual,40,40,Metas 2027
PICI,2027,T1,10,40,10 por trimestre
"""
MUNICIPIOS = """cve_ent,entidad,cve_mun,cvegeo,municipio,fronterizo
07,Chiapas,089,07089,Tapachula de Córdova y Ordóñez,1
"""
TIPOS = """clave,nombre,es_convenio,eje_sugerido,asistentes_inusual,retirado
evento_cultural,Evento cultural,0,,300,1
"""


def _carpeta_csv(raiz: Path, **archivos: str) -> Path:
    carpeta = raiz / "cambios"
    carpeta.mkdir(exist_ok=True)
    for nombre, texto in archivos.items():
        (carpeta / f"{nombre}.csv").write_text(texto, encoding="utf-8")
    return carpeta


def _huella_de(ficha: Path) -> str:
    return json.loads(ficha.read_text(encoding="utf-8"))["huella"]


@pytest.fixture(scope="module")
def red_modelo(tmp_path_factory):
    """Red de oficinas; la estatal y la municipal fijaron la huella de la central copiada de su ficha impresa.

    Se arma una vez por módulo (las llaves tardan) y cada prueba trabaja sobre una copia.
    """
    raiz = tmp_path_factory.mktemp("red")
    carpetas = red_de_oficinas(raiz)
    huella = " ".join(_huella_de(raiz / "ficha-cen.json")[i:i + 4] for i in range(0, 64, 4)).upper()
    for o in ("est", "mun"):
        assert cli(carpetas[o], "fijar-central", huella)[0] == 0
    return carpetas


@pytest.fixture
def red(red_modelo, tmp_path):
    copia = {}
    for nombre, carpeta in red_modelo.items():
        copia[nombre] = tmp_path / nombre
        shutil.copytree(carpeta, copia[nombre])
    return copia


def _publicar(tmp_path: Path, cen: Path, nombre: str = "act.json", **archivos: str) -> Path:
    salida = tmp_path / nombre
    codigo, res = cli(cen, "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, **archivos)), "--salida", str(salida))
    assert codigo == 0, res
    return salida


def _abrir(carpeta: Path):
    return abrir_base(Rutas(carpeta).url_base)


def test_actualizacion_llega_a_la_municipal_por_su_estatal_y_se_ve_en_formulario_plantilla_e_indicadores(red, tmp_path):
    act = _publicar(tmp_path, red["cen"], instituciones=INSTITUCIONES, metas=METAS, municipios=MUNICIPIOS, tipos_accion=TIPOS)
    assert json.loads(act.read_text())["version"] == "2026.2"
    for oficina in ("est", "mun"):  # la estatal la pasa sin cambios a su municipio
        codigo, res = cli(red[oficina], "importar", str(act))
        assert codigo == 0, res
        assert res["paquetes"][0]["resultado"] == "actualizacion_aplicada"
    base = _abrir(red["mun"])
    try:
        with base.transaccion() as s:
            cat = leer_catalogos(s)
            assert cat.instituciones["INMUJERES-CH"] == "Instituto de las Mujeres de Chiapas"
            assert "ANAM" not in cat.instituciones  # retirada: ya no se ofrece
            assert s.get(Municipio, "07089").nombre == "Tapachula de Córdova y Ordóñez"
            assert metas(s, 2027)[("PICI", "T1")] == (10, 40)
            pici = [f for f in calcular([], metas(s, 2027), 2027) if f.indicador == "PICI"]
            assert (pici[0].periodo, pici[0].meta, pici[0].denominador) == ("2027T1", 10, 40)  # los indicadores del año siguiente
            # Un registro que usa el tipo retirado sigue siendo válido y legible.
            ctx = Contexto(cat, oficina_local(s).jurisdiccion)
            registro = {"tipo_accion": "evento_cultural", "titulo": "Festival", "fecha_inicio": "2026-02-03",
                        "fecha_fin": "2026-02-03", "entidad": "07", "municipio": "07089", "eje": "coordinacion",
                        "modalidad": "presencial", "objetivos_pmm": [16], "eventos": 1, "unidad_conteo": "personas",
                        "poblacion": "poblacion_general", "mujeres": 3, "hombres": 2, "otra_identidad": 0, "sin_dato": 0,
                        "localidad": "", "descripcion": "", "resultados": ""}
            def errores_de_tipo(r):
                return [m for m in errores(validar(r, ctx)[1]) if m.campo == "tipo_accion"]

            assert not errores_de_tipo(registro)
            assert errores_de_tipo({**registro, "tipo_accion": "inventado"})  # la regla sí mira el tipo
    finally:
        base.cerrar()
    plantilla = tmp_path / "plantilla.xlsx"
    assert cli(red["mun"], "plantilla", "--salida", str(plantilla))[0] == 0
    libro = load_workbook(plantilla, read_only=True)
    siglas = [f[0] for f in libro["Instituciones"].iter_rows(min_row=2, values_only=True)]
    tipos = [f[0] for f in libro["Catálogos"].iter_rows(min_row=2, values_only=True) if f[0]]
    assert "INMUJERES-CH" in siglas and "ANAM" not in siglas
    assert any("07089" in str(v) and "Córdova" in str(v) for f in libro["Catálogos"].iter_rows(values_only=True) for v in f)
    assert not [t for t in tipos if str(t).startswith("evento_cultural")]
    libro.close()


def test_segunda_aplicacion_no_cambia_nada(red, tmp_path):
    act = _publicar(tmp_path, red["cen"], instituciones=INSTITUCIONES)
    assert cli(red["mun"], "importar", str(act))[0] == 0
    antes = huella_base(red["mun"])
    codigo, res = cli(red["mun"], "importar", str(act))
    assert codigo == 0 and res["paquetes"][0]["resultado"] == "actualizacion_ya_aplicada"
    assert huella_base(red["mun"]) == antes
    # En la central también: la publicó y ya la tiene.
    assert cli(red["cen"], "importar", str(act))[1]["paquetes"][0]["resultado"] == "actualizacion_ya_aplicada"


def _rechazo(carpeta: Path, archivo: Path, codigo_esperado: str) -> str:
    antes = huella_base(carpeta)
    codigo, res = cli(carpeta, "importar", str(archivo))
    assert codigo == 2, res
    paquete = res["paquetes"][0]
    assert paquete["codigo"] == codigo_esperado, paquete
    assert huella_base(carpeta) == antes
    return paquete["mensaje"]


def test_actualizacion_firmada_por_la_estatal_se_rechaza_en_su_municipio(red, tmp_path):
    """La estatal (su superior) firma con su llave real una actualización con «catalogos» a su gusto."""
    act = json.loads(_publicar(tmp_path, red["cen"], instituciones=INSTITUCIONES).read_text())
    privada_estatal = llaves.abrir(red["est"] / "llave_privada.json", FRASE)
    publica = llaves.publica_cruda(privada_estatal)
    cuerpo = {k: v for k, v in act.items() if k != "firma"}
    cuerpo.update(llave_publica=base64.b64encode(publica).decode(), huella=llaves.huella(publica), version="2026.9")
    cuerpo["catalogos"] = {"metas": [{"indicador": "PICI", "anio": "2026", "periodo": "anual", "valor": "1",
                                      "denominador": "1", "nota": "meta rebajada por la estatal"}]}
    falsa = tmp_path / "falsa.json"
    falsa.write_text(json.dumps(firmar_documento(cuerpo, privada_estatal)), encoding="utf-8")
    mensaje = _rechazo(red["mun"], falsa, "ACTUALIZACION_AJENA")
    assert "Coordinación" in mensaje
    # Aunque diga ser la central con la clave CAIMFS y la huella de la central (pero firme otra llave).
    cuerpo.update(huella=act["huella"], llave_publica=act["llave_publica"])
    falsa.write_text(json.dumps(firmar_documento(cuerpo, privada_estatal)), encoding="utf-8")
    _rechazo(red["mun"], falsa, "FIRMA_INVALIDA")


def test_actualizacion_alterada_en_el_camino_se_rechaza(red, tmp_path):
    act = json.loads(_publicar(tmp_path, red["cen"], metas=METAS).read_text())
    act["catalogos"]["metas"][0]["valor"] = "4"
    alterada = tmp_path / "alterada.json"
    alterada.write_text(json.dumps(act), encoding="utf-8")
    _rechazo(red["est"], alterada, "FIRMA_INVALIDA")


def test_versiones_viejas_iguales_o_fuera_de_orden_se_rechazan(red, tmp_path):
    v2 = _publicar(tmp_path, red["cen"], "v2.json", instituciones=INSTITUCIONES)
    v3 = _publicar(tmp_path, red["cen"], "v3.json", metas=METAS)
    _rechazo(red["mun"], v3, "ACTUALIZACION_FUERA_DE_ORDEN")  # le falta la 2026.2
    assert cli(red["mun"], "importar", str(v2))[0] == 0
    assert cli(red["mun"], "importar", str(v3))[0] == 0
    # Otra «2026.2» firmada por la central real (p. ej. un borrador que circuló) no pisa la 2026.3 ya aplicada.
    documento = json.loads(v2.read_text())
    cuerpo = {k: v for k, v in documento.items() if k != "firma"}
    cuerpo["catalogos"] = {"instituciones": [{"sigla": "X", "nombre": "Otra", "nota": ""}]}
    otra = tmp_path / "otra-v2.json"
    otra.write_text(json.dumps(firmar_documento(cuerpo, llaves.abrir(red["cen"] / "llave_privada.json", FRASE))))
    _rechazo(red["mun"], otra, "ACTUALIZACION_ANTIGUA")


def test_sin_huella_de_la_central_no_se_aplica(tmp_path):
    red = red_de_oficinas(tmp_path)
    act = _publicar(tmp_path, red["cen"], instituciones=INSTITUCIONES)
    mensaje = _rechazo(red["mun"], act, "CENTRAL_DESCONOCIDA")
    assert "fijar-central" in mensaje


@pytest.mark.parametrize(("archivos", "fragmento"), [
    ({"instituciones": "sigla,nombre\nX,Y\n"}, "faltan las columnas nota"),
    ({"metas": "indicador,anio,periodo,valor,denominador,nota\nPICI,dos mil,anual,1,1,\n"}, "no es un número entero"),
    ({"instituciones": "sigla,nombre,nota\nX,Con\x0bcontrol,\n"}, "carácter de control"),
    ({"instituciones": "sigla,nombre,nota\nX,Y,,1\n"}, "más valores que columnas"),
    ({"municipios": "cve_ent,entidad,cve_mun,cvegeo,municipio,fronterizo\n99,Atlántida,001,99001,Poseidonia,0\n"},
     "no está en entidades.csv"),
])
def test_publicar_rechaza_csv_malos_sin_cambiar_la_central(red, tmp_path, archivos, fragmento):
    antes = huella_base(red["cen"])
    codigo, res = cli(red["cen"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, **archivos)),
                      "--salida", str(tmp_path / "x.json"))
    assert codigo == 2 and fragmento in res["mensaje"], res
    assert huella_base(red["cen"]) == antes and not (tmp_path / "x.json").exists()


def test_solo_la_central_publica_y_fijar_central_revisa_la_huella(red, tmp_path):
    codigo, res = cli(red["est"], "actualizacion", "--catalogos", str(_carpeta_csv(tmp_path, metas=METAS)),
                      "--salida", str(tmp_path / "x.json"))
    assert codigo == 2 and res["error"] == "ACTUALIZACION_AJENA"
    assert cli(red["mun"], "fijar-central", "1234")[0] == 2
    codigo, res = cli(red["mun"], "fijar-central", "ab" * 32)
    assert codigo == 2 and res["error"] == "CENTRAL_YA_FIJADA"


def test_paquete_dice_su_version_y_el_tablero_de_la_central_muestra_oficinas_atrasadas(red, tmp_path):
    _publicar(tmp_path, red["cen"], instituciones=INSTITUCIONES)
    assert cli(red["est"], "demo", "--registros", "3")[0] == 0
    codigo, res = cli(red["est"], "exportar", "--salida", str(tmp_path / "paquetes"))
    assert codigo == 0, res
    with zipfile.ZipFile(res["archivo"]) as z:
        assert json.loads(z.read("envio/envio.json"))["version_catalogos"] == "2026.1"
    assert cli(red["cen"], "importar", res["archivo"])[0] == 0
    base = _abrir(red["cen"])
    try:
        with base.transaccion() as s:
            tablero = construir(s, huecos=huecos)
            assert tablero.version_catalogos == "2026.2"
            assert [(o, v) for o, _, v in tablero.versiones_viejas] == [("E07", "2026.1")]
    finally:
        base.cerrar()


def test_oficina_nueva_sin_central_fijada_puede_fijarla(tmp_path):
    carpeta = tmp_path / "mun"
    crear_oficina(carpeta)
    codigo, res = cli(carpeta, "fijar-central", "AB" * 32)
    assert codigo == 0 and res["huella"] == "ab" * 32


def test_en_postgresql_se_aplica_por_la_estatal_una_sola_vez_y_la_de_la_estatal_se_rechaza(tmp_path, servidor_pg):
    """La estatal y la municipal con su base en PostgreSQL: la actualización llega a la municipal por su estatal, la
    segunda aplicación no cambia nada y una firmada por la estatal con su llave real se rechaza con la base intacta."""
    from tests.empaquetado.util import BASES

    carpetas = {"cen": tmp_path / "cen", "est": tmp_path / "est", "mun": tmp_path / "mun"}
    crear_oficina(carpetas["cen"], "central")
    for nombre, tipo in (("est", "estatal"), ("mun", "municipal")):
        BASES[carpetas[nombre]] = servidor_pg.base_nueva()
        crear_oficina(carpetas[nombre], tipo, url=BASES[carpetas[nombre]])
    privada_central = llaves.abrir(carpetas["cen"] / "llave_privada.json", FRASE)
    huella = llaves.huella(llaves.publica_cruda(privada_central))
    for o in ("est", "mun"):
        assert cli(carpetas[o], "fijar-central", huella)[0] == 0
    act = _publicar(tmp_path, carpetas["cen"], instituciones=INSTITUCIONES, metas=METAS)
    for o in ("est", "mun"):
        codigo, res = cli(carpetas[o], "importar", str(act))
        assert codigo == 0 and res["paquetes"][0]["resultado"] == "actualizacion_aplicada", res
    antes = huella_base(carpetas["mun"])
    assert cli(carpetas["mun"], "importar", str(act))[1]["paquetes"][0]["resultado"] == "actualizacion_ya_aplicada"
    assert huella_base(carpetas["mun"]) == antes

    documento = json.loads(act.read_text())
    privada_estatal = llaves.abrir(carpetas["est"] / "llave_privada.json", FRASE)
    publica = llaves.publica_cruda(privada_estatal)
    cuerpo = {k: v for k, v in documento.items() if k != "firma"}
    cuerpo.update(llave_publica=base64.b64encode(publica).decode(), huella=llaves.huella(publica), version="2026.3",
                  version_base="2026.2", catalogos={"metas": [{"indicador": "PICI", "anio": "2027", "periodo": "anual",
                                                                "valor": "1", "denominador": "1", "nota": "rebajada"}]})
    falsa = tmp_path / "falsa.json"
    falsa.write_text(json.dumps(firmar_documento(cuerpo, privada_estatal)), encoding="utf-8")
    _rechazo(carpetas["mun"], falsa, "ACTUALIZACION_AJENA")
    base = abrir_base(BASES[carpetas["mun"]])
    try:
        with base.transaccion() as s:
            assert leer_catalogos(s).instituciones["INMUJERES-CH"] == "Instituto de las Mujeres de Chiapas"
            assert metas(s, 2027)[("PICI", "anual")] == (40, 40)
    finally:
        base.cerrar()
