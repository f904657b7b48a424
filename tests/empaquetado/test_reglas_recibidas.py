"""T11, T12, T13 y T15 como el adversario 2: una oficina comprometida firma con su llave real registros absurdos,
evidencias con rutas y textos con caracteres de control. Cada uno se rechaza con su código y un mensaje que nombra
registro, campo y motivo, y la base receptora queda byte a byte igual (T20), en SQLite y en PostgreSQL."""

import json
import os
import shutil
import uuid
from pathlib import Path

import pytest

from empaquetado import formato as f
from reportes.consolidado import COLUMNAS_ACCION
from tests.empaquetado.util import (
    cambiar_registros,
    cli,
    consultar,
    ejecutar,
    escribir_zip,
    huella_base,
    miembros,
    red_con_paquete,
    red_de_oficinas,
    refirmar,
)


@pytest.fixture(scope="module")
def red(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("reglas")
    carpetas, valido = red_con_paquete(raiz, 6)
    return {"raiz": raiz, **carpetas, "valido": valido}


def _firmado(red, tmp_path, cambio, nombre="hostil.zip", extra=(), envio=None) -> tuple[Path, str]:
    """Paquete de la municipal con `cambio` aplicado al primer registro, firmado con su llave real; y ese id."""
    ids = []

    def aplicar(registros):
        ids.append(registros[0]["id"])
        cambio(registros[0])
    lista = cambiar_registros(miembros(red["valido"]), aplicar) + list(extra)
    if envio:
        lista = [(n, f.json_canonico(envio(json.loads(d))) if n.endswith("envio.json") else d) for n, d in lista]
    return escribir_zip(tmp_path / nombre, refirmar(lista, red["mun"])), ids[0]


def _rechazado(carpeta: Path, paquete: Path, codigo: str, *nombrados: str) -> str:
    antes = huella_base(carpeta)
    salida_codigo, salida = cli(carpeta, "importar", str(paquete))
    [r] = salida["paquetes"]
    assert (salida_codigo, r["resultado"], r["codigo"]) == (2, "rechazado", codigo), r["mensaje"]
    for texto in nombrados:
        assert texto in r["mensaje"], r["mensaje"]
    assert huella_base(carpeta) == antes
    return r["mensaje"]


# --- T11: las reglas del formulario para todo registro recibido ---------------------------------------------

CASOS_T11 = [
    ("eje", "eje_inventado", "Eje estratégico"),
    ("tipo_accion", "tipo_inventado", "Tipo de acción"),
    ("modalidad", "telepatica", "Modalidad"),
    ("objetivos_pmm", [0, 999, -5], "Objetivos del PMM"),
    ("fecha_inicio", "9999-12-31", "Fecha de inicio"),
    ("fecha_fin", "9999-12-31", "Fecha de término"),
    ("fecha_inicio", "0001-01-01", "Fecha de inicio"),
    ("eventos", 0, "Sesiones realizadas"),
    ("titulo", "", "Título"),
    ("titulo", "Título con \x0b pegado de Word", "Título"),
    ("titulo", "x" * 25_000, "Título"),
    ("descripcion", "Texto con NUL \x00 en medio", "Descripción"),
    ("instituciones", ["INM", "DIF\x1b"], "Instituciones participantes"),
    ("edades", {"adultez": {"mujeres": -500}}, "Edad por sexo"),
    ("edades", {"adultez": {"mujeres": 10**30}}, "Edad por sexo"),
]


@pytest.mark.parametrize("campo, valor, etiqueta", CASOS_T11, ids=[f"{c}-{str(v)[:12]}" for c, v, _ in CASOS_T11])
def test_t11_registro_firmado_que_rompe_una_regla_rechaza_el_paquete(red, estatal, tmp_path, campo, valor, etiqueta):
    def romper(r):
        r[campo] = valor
        if campo == "fecha_inicio" and valor > "5000":
            r["fecha_fin"] = valor
    paquete, id_registro = _firmado(red, tmp_path, romper)
    _rechazado(estatal, paquete, "REGLA_INCUMPLIDA", f"Registro {id_registro}", f"«{etiqueta}» ({campo})")


def test_t11_todos_los_casos_del_issue_juntos_no_se_guardan_ni_se_cuentan(red, estatal, tmp_path):
    def todo(r):
        r.update(eje="inventado", tipo_accion="inventado", modalidad="inventada", objetivos_pmm=[0, 999, -5],
                 fecha_inicio="0001-01-01", fecha_fin="9999-12-31", eventos=0, titulo="",
                 edades={"ninez": {"mujeres": -500}, "adultez": {"hombres": 10**30}})
    paquete, _ = _firmado(red, tmp_path, todo)
    _rechazado(estatal, paquete, "REGLA_INCUMPLIDA")
    assert consultar(estatal, "select count(*) from accion")[0][0] == 0


def test_t11_una_tabla_de_limites_el_excel_no_acepta_lo_que_el_superior_rechazaria(red, tmp_path):
    """El título de 25,000 caracteres ya no carga del Excel; uno guardado antes de la tabla no se exporta ni se marca enviado."""
    from openpyxl import load_workbook

    mun = tmp_path / "mun"
    shutil.copytree(red["mun"], mun)
    plantilla = tmp_path / "plantilla.xlsx"
    assert cli(mun, "plantilla", "--salida", str(plantilla))[0] == 0
    libro = load_workbook(plantilla)
    hoja = libro["Acciones"]
    llaves = [c.value for c in hoja[2]]
    fila = dict(fecha_inicio="2026-03-02", fecha_fin="2026-03-02", entidad="07", municipio="07089", eje="coordinacion",
                tipo_accion="reunion_trabajo", modalidad="presencial", titulo="x" * 25_000, descripcion="Se acordó la ruta.",
                objetivos_pmm="7", eventos=1, unidad_conteo="personas", poblacion="servidores_publicos", mujeres=1, hombres=1)
    hoja.append([fila.get(k) for k in llaves])
    libro.save(tmp_path / "largo.xlsx")
    antes = huella_base(mun)
    codigo, r = cli(mun, "cargar-excel", str(tmp_path / "largo.xlsx"))
    assert codigo == 2 and r["cargado"] is False
    [error] = [p for p in r["problemas"] if p["nivel"] == "error"]
    assert error["fila"] == 3 and "(titulo)" in error["columna"] and "25,000 caracteres" in error["mensaje"]
    assert huella_base(mun) == antes

    [(id_largo,), (otro,)] = consultar(mun, "select id from accion order by id limit 2")
    ejecutar(mun, f"update accion set pendiente_envio = true where id in ('{id_largo}', '{otro}')")
    ejecutar(mun, f"update accion set titulo = '{'y' * 25_000}', validada_con = 'reglas-de-antes' where id = '{id_largo}'")
    codigo, salida = cli(mun, "exportar", "--salida", str(tmp_path / "salida"))
    assert codigo == 0 and id_largo in json.dumps(salida["excluidos"], ensure_ascii=False)
    assert consultar(mun, f"select pendiente_envio, estado from accion where id = '{id_largo}'")[0][0]
    # El paquete que sí salió lo acepta la estatal completo.
    estatal = tmp_path / "est"
    shutil.copytree(red["est"], estatal)
    assert cli(estatal, "importar", salida["archivo"])[0] == 0


def test_t11_la_fecha_de_hoy_al_importar_tiene_un_dia_de_holgura(red, estatal, tmp_path):
    """La oficina que envía puede ir un día adelante (huso horario, reloj): mañana se acepta, pasado mañana no."""
    from datetime import date, timedelta

    manana = (date.today() + timedelta(days=1)).isoformat()
    paquete, _ = _firmado(red, tmp_path, lambda r: r.update(fecha_inicio=manana, fecha_fin=manana), "manana.zip")
    assert cli(estatal, "verificar", str(paquete))[0] == 0
    pasado = (date.today() + timedelta(days=2)).isoformat()
    paquete, id_registro = _firmado(red, tmp_path, lambda r: r.update(fecha_inicio=pasado, fecha_fin=pasado), "pasado.zip")
    _rechazado(estatal, paquete, "REGLA_INCUMPLIDA", f"Registro {id_registro}", "(fecha_inicio)")


# --- T12: evidencias nombradas por su huella --------------------------------------------------------------

def _evidencia(sha256, tamano=10, nombre="lista.pdf"):
    return {"sha256": sha256, "nombre": nombre, "tipo": "application/pdf", "tamano": tamano}


def test_t12_una_ruta_de_64_caracteres_no_es_una_huella(red, estatal, tmp_path):
    ruta = ("/" * 64 + str(estatal / "llave_privada.json"))[-64:]  # 64 caracteres que abren la llave de la estatal
    paquete, id_registro = _firmado(red, tmp_path, lambda r: r.update(evidencias=[_evidencia(ruta)]))
    _rechazado(estatal, paquete, "EVIDENCIA_INVALIDA", f"Registro {id_registro}", "64 hexadecimales")


@pytest.mark.parametrize("evidencia", [_evidencia("A" * 64), _evidencia("a" * 64, 2**40), _evidencia("a" * 64, -1),
                                       _evidencia("a" * 64, nombre="lista\x00.pdf")],
                         ids=["mayusculas", "1TiB", "negativo", "nombre-con-NUL"])
def test_t12_evidencia_mal_descrita(red, estatal, tmp_path, evidencia):
    paquete, _ = _firmado(red, tmp_path, lambda r: r.update(evidencias=[evidencia]))
    antes = huella_base(estatal)
    _, salida = cli(estatal, "importar", str(paquete))
    [r] = salida["paquetes"]
    assert r["resultado"] == "rechazado" and r["codigo"] in ("EVIDENCIA_INVALIDA", "ESQUEMA_INVALIDO"), r
    assert huella_base(estatal) == antes


def test_t12_evidencia_citada_que_no_viaja_ni_esta_guardada(red, estatal, tmp_path):
    paquete, _ = _firmado(red, tmp_path, lambda r: r.update(evidencias=[_evidencia("b" * 64)]))
    _rechazado(estatal, paquete, "EVIDENCIA_FALTANTE", "bbbbbbbbbbbb")


def test_t12_el_tamano_descrito_debe_coincidir_con_el_archivo(red, estatal, tmp_path):
    contenido = b"%PDF-1.4 lista de asistencia"
    huella = f.sha256(contenido)
    extra = [(f"{f.RAIZ}{f.EVIDENCIAS}{huella}.pdf", contenido)]
    paquete, _ = _firmado(red, tmp_path, lambda r: r.update(evidencias=[_evidencia(huella, 1000)]), extra=extra)
    _rechazado(estatal, paquete, "EVIDENCIA_FALTANTE", huella[:12])


def test_t12_citar_una_evidencia_que_el_receptor_ya_guarda_si_se_acepta(red, estatal, tmp_path):
    contenido = b"%PDF-1.4 lista de asistencia firmada"
    huella = f.sha256(contenido)
    extra = [(f"{f.RAIZ}{f.EVIDENCIAS}{huella}.pdf", contenido)]
    con_archivo, _ = _firmado(red, tmp_path, lambda r: r.update(evidencias=[_evidencia(huella, len(contenido))]), "a.zip", extra)
    assert cli(estatal, "importar", str(con_archivo))[0] == 0
    assert (estatal / "evidencias" / huella).read_bytes() == contenido

    anterior = f.sha256(dict(miembros(con_archivo))[f.RAIZ + f.TAGMANIFEST])

    def otro_envio(envio):
        return {**envio, "id": str(uuid.uuid4()), "secuencia": envio["secuencia"] + 1, "sha256_anterior": anterior}
    sin_archivo, _ = _firmado(red, tmp_path, lambda r: r.update(evidencias=[_evidencia(huella, len(contenido))], revision=r["revision"] + 1),
                              "b.zip", envio=otro_envio)
    codigo, salida = cli(estatal, "importar", str(sin_archivo))
    assert codigo == 0, salida


@pytest.mark.parametrize("caso", ["ruta", "directorio", "dispositivo", "enlace"])
def test_t12_exportar_nunca_lee_fuera_de_las_huellas_validadas(red, tmp_path, caso):
    """Una evidencia guardada antes de estas reglas con una ruta, un directorio, /dev/zero o un enlace: el registro
    se aparta con su motivo y el paquete sale sin ella (nunca la llave privada, nunca sin memoria)."""
    mun = tmp_path / "mun"
    shutil.copytree(red["mun"], mun)
    [(id_accion,), (otro,)] = consultar(mun, "select id from accion order by id limit 2")
    ejecutar(mun, f"update accion set pendiente_envio = true where id in ('{id_accion}', '{otro}')")
    llave = str(mun / "llave_privada.json")
    huella = "c" * 64
    if caso == "ruta":
        huella = llave
    elif caso == "directorio":
        (mun / "evidencias" / huella).mkdir(parents=True)
    elif caso == "dispositivo":
        (mun / "evidencias").mkdir(exist_ok=True)
        os.symlink("/dev/zero", mun / "evidencias" / huella)
    else:
        (mun / "evidencias").mkdir(exist_ok=True)
        os.symlink(llave, mun / "evidencias" / huella)
    ejecutar(mun, f"insert into evidencia (accion_id, sha256, nombre, tipo, tamano) values ('{id_accion}', '{huella}', 'x.pdf', 'application/pdf', 10)")
    codigo, salida = cli(mun, "exportar", "--salida", str(tmp_path / "salida"))
    assert codigo == 0, salida
    assert id_accion in json.dumps(salida["excluidos"], ensure_ascii=False)
    contenido = b"".join(d for _, d in miembros(Path(salida["archivo"])))
    assert (mun / "llave_privada.json").read_bytes() not in contenido and id_accion.encode() not in contenido
    assert consultar(mun, f"select pendiente_envio from accion where id = '{id_accion}'")[0][0]


def test_t12_abrir_una_evidencia_abre_una_copia_con_extension_del_tipo_verificado(tmp_path):
    import hashlib

    from base_local.evidencias import EvidenciaNoDisponible, copia_para_abrir

    carpeta = tmp_path / "evidencias"
    carpeta.mkdir()
    casos = {b"%PDF-1.7 acta": "pdf", b"\x89PNG\r\n\x1a\nfoto": "png", b"MZ\x90\x00 programa.exe": "bin", b"#!/bin/sh\nrm -rf ~": "bin"}
    for contenido, extension in casos.items():
        huella = hashlib.sha256(contenido).hexdigest()
        (carpeta / huella).write_bytes(contenido)
        copia = copia_para_abrir(carpeta, huella, tmp_path / "abiertas")
        assert copia.suffix == f".{extension}" and copia.read_bytes() == contenido and not os.access(copia, os.X_OK)
    os.symlink("/etc/passwd", carpeta / ("d" * 64))
    (carpeta / ("e" * 64)).write_bytes(b"otro contenido")  # no coincide con su huella
    for huella in ("d" * 64, "e" * 64, "/etc/passwd".ljust(64, "/"), "f" * 64):
        with pytest.raises(EvidenciaNoDisponible):
            copia_para_abrir(carpeta, huella, tmp_path / "abiertas")


# --- T13: texto limpio en toda entrada; los escritores no fallan ---------------------------------------------

def test_t13_el_formulario_no_guarda_ni_como_borrador_un_caracter_de_control(base_municipal):
    from base_local.oficinas import oficina_local
    from formularios.servicio import contexto_para, guardar

    with base_municipal.transaccion() as s:
        oficina = oficina_local(s)
        r = guardar(s, {"titulo": "Reunión\x0b pegada de Word", "instituciones": ["INM\x07"]}, contexto_para(s, oficina),
                    oficina, quien="Capturista", lista=False)
        assert not r.guardado
        campos = {m.campo for m in r.mensajes if m.codigo == "CARACTER_DE_CONTROL"}
        assert campos == {"titulo", "instituciones"}
        assert all("U+000B" in m.texto or "U+0007" in m.texto for m in r.mensajes if m.codigo == "CARACTER_DE_CONTROL")


def test_t13_reportes_con_texto_guardado_de_cualquier_forma(red, tmp_path):
    """Un \\x0b y un NUL guardados (antes de estas reglas) y 2 × 30 MB en campos de lista: el libro consolidado y el
    compendio salen, se leen de vuelta, y no tardan minutos."""
    import time

    from openpyxl import load_workbook

    mun = tmp_path / "mun"
    shutil.copytree(red["mun"], mun)
    ids = [i for (i,) in consultar(mun, "select id from accion order by id")]
    ejecutar(mun, f"update accion set titulo = 'Título' || char(11) || 'con control' || char(0) || 'y NUL', estado = 'lista' where id = '{ids[0]}'")
    enorme = json.dumps(["x" * (30 * 1024 * 1024)])
    retos = json.dumps([{"texto": "r" * (30 * 1024 * 1024), "categorias": ["barreras_idioma_culturales"]}])
    ejecutar(mun, f"update accion set instituciones = '{enorme}', retos = '{retos}', estado = 'lista' where id = '{ids[1]}'")
    inicio = time.perf_counter()
    codigo, salida = cli(mun, "reporte", "--tipo", "consolidado", "--salida", str(tmp_path / "consolidado.xlsx"))
    assert codigo == 0, salida
    codigo, salida = cli(mun, "reporte", "--tipo", "compendio", "--salida", str(tmp_path / "compendio.pdf"))
    assert codigo == 0, salida
    segundos = time.perf_counter() - inicio
    assert segundos < 60, segundos
    hoja = load_workbook(tmp_path / "consolidado.xlsx", read_only=True)["Acciones"]
    columna = COLUMNAS_ACCION.index("titulo")
    titulos = [fila[columna] for fila in hoja.iter_rows(min_row=3, values_only=True)]
    assert "Título\ufffdcon control\ufffdy NUL" in titulos


# --- T15: PostgreSQL se comporta como SQLite ------------------------------------------------------------

@pytest.mark.parametrize("caso", ["nul_en_titulo", "nan_en_historial", "oficina_de_40_en_historial"])
def test_t15_lo_que_la_base_rechazaria_no_llega_a_ella(tmp_path, motor_central, caso):
    """Central en SQLite y en PostgreSQL: el paquete firmado por la estatal se rechaza con su código, sin DataError."""
    red = red_de_oficinas(tmp_path, motor_central)
    assert cli(red["mun"], "demo", "--registros", "3")[0] == 0
    _, p = cli(red["mun"], "exportar", "--salida", str(tmp_path / "p"))
    assert cli(red["est"], "importar", p["archivo"])[0] == 0
    _, e = cli(red["est"], "exportar", "--salida", str(tmp_path / "e"))

    def romper(registros):
        r = registros[0]
        if caso == "nul_en_titulo":
            r["titulo"] = "Reunión\x00 de trabajo"
        elif caso == "nan_en_historial":
            r["historial"][0]["cambios"] = {"mujeres": [float("nan"), 3]}
        else:
            r["historial"][0]["oficina"] = "E" * 40
    paquete = escribir_zip(tmp_path / "hostil.zip", refirmar(cambiar_registros(miembros(Path(e["archivo"])), romper), red["est"]))
    antes = huella_base(red["cen"])
    codigo, salida = cli(red["cen"], "importar", str(paquete))
    [r] = salida["paquetes"]
    assert codigo == 2 and r["resultado"] == "rechazado" and r["codigo"] != "ERROR_INTERNO", r
    if caso != "nan_en_historial":  # NaN puede detenerlo antes el analizador estricto de JSON
        assert r["codigo"] == ("REGLA_INCUMPLIDA" if caso == "nul_en_titulo" else "ESQUEMA_INVALIDO"), r
    assert huella_base(red["cen"]) == antes
    assert cli(red["cen"], "importar", e["archivo"])[0] == 0  # el bueno entra
