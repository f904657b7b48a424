"""Ayudas para las pruebas de paquetes: oficinas encadenadas, CLI con JSON y reescritura de zips."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import warnings
import zipfile
from pathlib import Path

import main
from empaquetado import formato as f
from empaquetado import llaves
from tests.conftest import FRASE, crear_oficina

BASES: dict[Path, str] = {}  # carpeta → URL de su base cuando no es el SQLite de la carpeta


def cli(carpeta: Path, *args: str) -> tuple[int, dict]:
    """Ejecuta una orden con --json (y --base si la oficina vive en PostgreSQL); devuelve (código, salida JSON)."""
    buffer = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(buffer):
        base = ["--base", BASES[carpeta]] if carpeta in BASES else []
        codigo = main.principal(["--json", "--datos", str(carpeta), *base, *args])
    texto = buffer.getvalue().strip()
    return codigo, json.loads(texto) if texto else {}


def ficha_sin_cifrado(carpeta: Path, destino: Path) -> Path:
    """La ficha que escribía una versión anterior del programa: firmada, sin destinatario de cifrado."""
    from base_local.apertura import abrir_base
    from empaquetado.confianza import ficha

    base = abrir_base(url_de(carpeta))
    try:
        with base.transaccion() as s:
            documento = ficha(s, llaves.abrir(carpeta / "llave_privada.json", FRASE))
    finally:
        base.cerrar()
    destino.write_text(json.dumps(documento), encoding="utf-8")
    return destino


def red_de_oficinas(raiz: Path, base_central: str | None = None, cifrado: bool = False) -> dict[str, Path]:
    """Municipal de Tapachula, estatal de Chiapas y central (en SQLite o en `base_central`), con sus fichas registradas.

    Sin `cifrado`, las fichas son las de una versión anterior (sin destinatario age) y los paquetes salen sin cifrar,
    como los que leen las pruebas de formato; con `cifrado`, las de `ficha` de hoy."""
    carpetas = {"mun": raiz / "mun", "est": raiz / "est", "cen": raiz / "cen"}
    crear_oficina(carpetas["mun"], "municipal", "07", "07089")
    crear_oficina(carpetas["est"], "estatal", "07")
    crear_oficina(carpetas["cen"], "central", url=base_central)
    if base_central:
        BASES[carpetas["cen"]] = base_central
    fichas = {}
    for nombre, carpeta in carpetas.items():
        fichas[nombre] = raiz / f"ficha-{nombre}.json"
        if cifrado:
            assert cli(carpeta, "ficha", "--salida", str(fichas[nombre]))[0] == 0
        else:
            ficha_sin_cifrado(carpeta, fichas[nombre])
    for receptor, ficha in (("est", "mun"), ("cen", "est"), ("mun", "est"), ("est", "cen")):
        assert cli(carpetas[receptor], "registrar-oficina", str(fichas[ficha]))[0] == 0
    return carpetas


def red_con_paquete(raiz: Path, registros: int, cifrado: bool = False) -> tuple[dict[str, Path], Path]:
    """La red de oficinas y un paquete de la municipal con `registros` acciones de demostración."""
    carpetas = red_de_oficinas(raiz, cifrado=cifrado)
    assert cli(carpetas["mun"], "demo", "--registros", str(registros))[0] == 0
    codigo, salida = cli(carpetas["mun"], "exportar", "--salida", str(raiz / "paquetes"))
    assert codigo == 0, salida
    return carpetas, Path(salida["archivo"])


def red_atacable(raiz: Path, registros: int) -> dict:
    """La red de oficinas con un paquete válido de la municipal (`valido`), para que el adversario lo cambie."""
    carpetas, valido = red_con_paquete(raiz, registros)
    return {"raiz": raiz, **carpetas, "valido": valido}


def firmado(red: dict, tmp_path: Path, cambio, nombre: str = "hostil.zip") -> Path:
    """El paquete válido de la red con `cambio` aplicado a sus registros, firmado de nuevo con la llave real de la
    municipal (una oficina comprometida firma lo que quiera)."""
    return escribir_zip(tmp_path / nombre, refirmar(cambiar_registros(miembros(red["valido"]), cambio), red["mun"]))


def importar_en_copia(red: dict, tmp_path: Path, paquete: Path, nombre: str) -> tuple[Path, str, tuple]:
    """Importa `paquete` en una copia nueva de la estatal de la red: (la copia, la huella de su base antes, y
    (código de salida, resultado, código, mensaje))."""
    import shutil

    copia = tmp_path / nombre
    shutil.copytree(red["est"], copia)
    antes = huella_base(copia)
    codigo, salida = cli(copia, "importar", str(paquete))
    [r] = salida["paquetes"]
    return copia, antes, (codigo, r["resultado"], r["codigo"], r["mensaje"])


def fecha_futura(r: dict) -> None:
    """Una regla del formulario que el registro ya no cumple: la acción empieza y termina en 9999."""
    r["fecha_inicio"] = r["fecha_fin"] = "9999-12-31"


def url_de(carpeta: Path) -> str:
    return BASES.get(carpeta, f"sqlite:///{carpeta / 'registro.sqlite'}")


def consultar(carpeta: Path, sql: str, *parametros) -> list[tuple]:
    """Filas de una consulta sobre la base de la oficina, sea SQLite o PostgreSQL."""
    from sqlalchemy import create_engine, text

    motor = create_engine(url_de(carpeta))
    with motor.connect() as con:
        filas = [tuple(f) for f in con.execute(text(sql), {f"p{i}": v for i, v in enumerate(parametros)})]
    motor.dispose()
    return filas


def huella_base(carpeta: Path) -> str:
    """Huella de la base en disco después de vaciar el WAL (para probar que nada cambió); en PostgreSQL, del volcado."""
    if carpeta in BASES:
        tablas = [t for (t,) in consultar(carpeta, "select tablename from pg_tables where schemaname='public' order by 1")]
        volcado = repr([(t, sorted(map(repr, consultar(carpeta, f'select * from "{t}"')))) for t in tablas])
        return hashlib.sha256(volcado.encode()).hexdigest()
    archivo = carpeta / "registro.sqlite"
    con = sqlite3.connect(archivo)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    volcado = "\n".join(con.iterdump())
    con.close()
    return hashlib.sha256(archivo.read_bytes() + volcado.encode()).hexdigest()


def miembros(zip_: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(zip_) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def escribir_zip(destino: Path, lista: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
            for nombre, datos in lista:
                z.writestr(nombre, datos)
    return destino


def refirmar(lista: list[tuple[str, bytes]], carpeta_firmante: Path) -> list[tuple[str, bytes]]:
    """Recalcula manifiestos y firma con la llave real de la oficina de `carpeta_firmante`."""
    privada = llaves.abrir(carpeta_firmante / "llave_privada.json", FRASE)
    d = {n[len(f.RAIZ):]: b for n, b in lista}
    datos = {n: b for n, b in d.items() if n.startswith("data/")}
    d["manifest-sha256.txt"] = f.manifiesto(datos)
    d[f.TAGMANIFEST] = f.manifiesto({n: d[n] for n in f.ARCHIVOS_ETIQUETA})
    d[f.FIRMA] = privada.sign(d[f.TAGMANIFEST])
    return [(f.RAIZ + n, b) for n, b in d.items()]


def cambiar_registros(lista: list[tuple[str, bytes]], cambio) -> list[tuple[str, bytes]]:
    salida = []
    for nombre, datos in lista:
        if nombre.endswith(f.ACCIONES):
            registros = [json.loads(x) for x in datos.splitlines()]
            cambio(registros)
            datos = b"".join(f.json_canonico(r) + b"\n" for r in registros)
        salida.append((nombre, datos))
    return salida


def ejecutar(carpeta: Path, sql: str) -> None:
    from sqlalchemy import create_engine, text

    motor = create_engine(url_de(carpeta))
    with motor.begin() as con:
        con.execute(text(sql))
    motor.dispose()


def privada_de(carpeta: Path):
    """La llave privada real de una oficina (la que usaría una oficina comprometida para firmar lo que quiera)."""
    return llaves.abrir(carpeta / "llave_privada.json", FRASE)
