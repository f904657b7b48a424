"""Banco de rendimiento (make bench): cada cifra junto a una línea base cruda medida en la misma corrida.

Genera N acciones realistas en las cuatro entidades (165 municipios), las exporta desde cuatro oficinas estatales,
las importa en la central y mide exportar, importar, reimportar, el libro consolidado, el PDF trimestral, el
guardado de un registro, la lista de acciones, la matriz de revisión, el arranque en frío y la memoria de la importación. Exportar e
importar se miden también con cifrado (firmar y luego cifrar con age para la central), sobre copias de las mismas
oficinas tomadas antes de exportar, y se informan como razón frente a las cifras sin cifrar de la misma corrida.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FSUR_FRASE", "frase del banco de rendimiento")

from openpyxl import Workbook  # noqa: E402

from base_local.apertura import abrir_base  # noqa: E402
from base_local.oficinas import oficina_local  # noqa: E402
from base_local.rutas import Rutas  # noqa: E402
from empaquetado import llaves  # noqa: E402
from empaquetado.alta import SolicitudAlta, inicializar  # noqa: E402
from empaquetado.confianza import ficha, registrar  # noqa: E402
from empaquetado.exportar import exportar_y_publicar  # noqa: E402
from empaquetado.formato import sha256  # noqa: E402
from empaquetado.importar import importar_archivo  # noqa: E402
from empaquetado.recepcion import importar_uno  # noqa: E402
from formularios.demo import generar_en_lote, registro_demo  # noqa: E402
from formularios.servicio import contexto_para, guardar  # noqa: E402
from reportes.consolidado import COLUMNAS_ACCION, _valor  # noqa: E402
from reportes.datos import Seleccion, acciones_vivas  # noqa: E402
from reportes.generar import generar  # noqa: E402

FRASE = os.environ["FSUR_FRASE"]
RAIZ = Path(__file__).resolve().parents[2]
ENTIDADES = ("04", "07", "23", "27")


VECES = 3  # cada cifra se mide tres veces, intercalada con su línea base; manda la mediana


@dataclass
class Cifra:
    """Una fila de la tabla: las tres mediciones de la cifra y, si tiene, las de su línea base, en el mismo orden."""

    figura: str
    tiempos: list[float]
    bases: list[float] | None
    limite: float  # razón máxima (con línea base) o valor máximo (sin ella)
    unidad: str = "s"

    @property
    def razones(self) -> list[float] | None:
        return [t / b for t, b in zip(self.tiempos, self.bases, strict=True)] if self.bases else None

    @property
    def valores(self) -> list[float]:
        return self.razones or self.tiempos

    @property
    def mediana(self) -> float:
        return statistics.median(self.valores)

    @property
    def cumple(self) -> bool:
        return self.mediana <= self.limite

    @property
    def objetivo(self) -> str:
        return f"≤ {self.limite:g}×" if self.bases else f"≤ {self.limite:g} {self.unidad}"

    def a_dict(self) -> dict:
        return {**asdict(self), "razones": self.razones, "mediana": self.mediana, "objetivo": self.objetivo,
                "cumple": self.cumple}


def medir(funcion: Callable[[], object]) -> tuple[float, object]:
    gc.collect()  # lo que dejó la medición anterior no se cobra a esta
    inicio = time.perf_counter()
    resultado = funcion()
    return time.perf_counter() - inicio, resultado


def _copiar(origen: Path, destino: Path) -> Path:
    """Copia de una oficina (la base SQLite con su registro de escritura anticipada ya vaciado)."""
    con = sqlite3.connect(origen / "registro.sqlite")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.rmtree(destino, ignore_errors=True)
    shutil.copytree(origen, destino)
    return destino


def _oficinas(raiz: Path, n: int) -> tuple[Path, dict[str, Path]]:
    central = raiz / "central"
    inicializar(central, SolicitudAlta("central", "Coordinación CAIMFS", "Banco"), FRASE)
    estatales = {}
    for i, ent in enumerate(ENTIDADES):
        carpeta = raiz / f"estatal-{ent}"
        inicializar(carpeta, SolicitudAlta("estatal", f"Enlace {ent}", "Banco", ent), FRASE)
        base = abrir_base(Rutas(carpeta).url_base)
        privada = llaves.abrir(Rutas(carpeta).llave_privada, FRASE)
        with base.transaccion() as s:
            oficina = oficina_local(s)
            generar_en_lote(s, contexto_para(s, oficina), oficina, n // 4 + (1 if i < n % 4 else 0), semilla=100 + i)
            documento = ficha(s, privada)
        base.cerrar()
        cen = abrir_base(Rutas(central).url_base)
        with cen.transaccion() as s:
            registrar(s, documento)
        cen.cerrar()
        estatales[ent] = carpeta
    return central, estatales


def _exportar_todo(estatales: dict[str, Path], salida: Path) -> list[Path]:
    archivos = []
    for carpeta in estatales.values():  # como la orden exportar: la revisión completa de integridad corre a la par, dentro
        base = abrir_base(Rutas(carpeta).url_base, revisar_integridad=False)  # de exportar_y_publicar
        privada = llaves.abrir(Rutas(carpeta).llave_privada, FRASE)
        archivos.append(exportar_y_publicar(base, Rutas(carpeta), lambda p=privada: p, salida)[1].archivo)
        base.cerrar()
    return archivos


def _fichas(estatales: dict[str, Path]) -> list[dict]:
    """Las fichas firmadas de las estatales, para darlas de alta en otra central (la de PostgreSQL)."""
    documentos = []
    for carpeta in estatales.values():
        base = abrir_base(Rutas(carpeta).url_base)
        with base.transaccion() as s:
            documentos.append(ficha(s, llaves.abrir(Rutas(carpeta).llave_privada, FRASE)))
        base.cerrar()
    return documentos


def _registrar_ficha_central(central: Path, estatales: dict[str, Path]) -> None:
    """Cada estatal registra la ficha de hoy de la central (con su destinatario age): sus paquetes salen cifrados."""
    abiertas = llaves.abrir_llaves(Rutas(central).llave_privada, FRASE)
    base = abrir_base(Rutas(central).url_base)
    with base.transaccion() as s:
        documento = ficha(s, abiertas.privada, abiertas.destinatario)
    base.cerrar()
    for carpeta in estatales.values():
        base = abrir_base(Rutas(carpeta).url_base)
        with base.transaccion() as s:
            registrar(s, documento)
        base.cerrar()


def _importar_cifrados(central: Path, archivos: list[Path]) -> list:
    """Como Recepción: la identidad se abre una vez (la frase, un scrypt) y cada .zip.age se descifra en flujo."""
    base = abrir_base(Rutas(central).url_base)
    identidad = llaves.abrir_llaves(Rutas(central).llave_privada, FRASE).identidad
    resultados = [importar_uno(base, a, Rutas(central).evidencias, identidad=lambda: identidad) for a in archivos]
    base.cerrar()
    return resultados


def _leer_zips(archivos: list[Path]) -> list[dict]:
    filas = []
    for a in archivos:
        with zipfile.ZipFile(a) as z:
            filas += [json.loads(x) for x in z.read("envio/data/acciones.jsonl").splitlines()]
    return filas


def _base_import(archivos: list[Path], destino: Path) -> None:
    """Línea base: leer los zips y sqlite3.executemany de las mismas filas."""
    filas = _leer_zips(archivos)
    columnas = [c for c in filas[0] if c not in ("historial", "evidencias")]
    con = sqlite3.connect(destino)
    con.execute(f"create table accion ({', '.join(columnas)}, primary key (id))")
    con.executemany(f"insert into accion values ({', '.join('?' * len(columnas))})",
                    [[json.dumps(f[c]) if isinstance(f[c], list | dict) else f[c] for c in columnas] for f in filas])
    con.commit()
    con.close()


def _base_export(archivos: list[Path], destino: Path) -> None:
    """Línea base: escribir las mismas líneas JSON en zips con su SHA-256."""
    for i, a in enumerate(archivos):
        with zipfile.ZipFile(a) as z:
            filas = [json.loads(x) for x in z.read("envio/data/acciones.jsonl").splitlines()]
        contenido = b"".join(json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n" for f in filas)
        with zipfile.ZipFile(destino / f"base-{i}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("acciones.jsonl", contenido)
            z.writestr("manifest.txt", sha256(contenido))


def _base_libro(filas: list[dict], destino: Path) -> None:
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Acciones")
    for r in filas:
        hoja.append([_valor(r, k) for k in COLUMNAS_ACCION])
    libro.save(destino)


def _central_pg(servidor, carpeta: Path, fichas: list[dict]) -> str:
    """Una central en PostgreSQL con las fichas de las estatales: la base plantilla de cada medición."""
    url = servidor.base_nueva()
    inicializar(carpeta, SolicitudAlta("central", "Coordinación CAIMFS", "Banco"), FRASE, url_base=url)
    base = abrir_base(url)
    with base.transaccion() as s:
        for documento in fichas:
            registrar(s, documento)
    base.cerrar()
    return url


def _copia_pg(servidor, plantilla: str) -> str:
    """Una base nueva, copia de la plantilla (CREATE DATABASE … TEMPLATE)."""
    import psycopg

    nombre = f"fsur_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 port={servidor.puerto} user=postgres dbname=postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{nombre}" TEMPLATE "{plantilla.rsplit("/", 1)[1]}"')
    return servidor.url(nombre)


def _importar_pg(url: str, archivos: list[Path], evidencias: Path) -> list:
    base = abrir_base(url)
    resultados = [importar_archivo(base, a, evidencias) for a in archivos]
    base.cerrar()
    return resultados


def _base_import_pg(servidor, archivos: list[Path]) -> None:
    """Línea base en PostgreSQL: leer los zips, COPY a una tabla de paso y INSERT … ON CONFLICT de las mismas filas."""
    import psycopg

    filas = _leer_zips(archivos)
    columnas = [c for c in filas[0] if c not in ("historial", "evidencias")]
    tipos = {c: ("jsonb" if isinstance(filas[0][c], list | dict) or filas[0][c] is None else
                 "boolean" if isinstance(filas[0][c], bool) else "bigint" if isinstance(filas[0][c], int) else "text")
             for c in columnas}
    nombre = f"base_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 port={servidor.puerto} user=postgres dbname=postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{nombre}"')
    with psycopg.connect(f"host=127.0.0.1 port={servidor.puerto} user=postgres dbname={nombre}") as con:
        definicion = ", ".join(f"{c} {tipos[c]}" for c in columnas)
        con.execute(f"CREATE TABLE accion ({definicion}, PRIMARY KEY (id))")
        con.execute(f"CREATE TEMP TABLE paso ({definicion})")
        with con.cursor() as cur, cur.copy(f"COPY paso ({', '.join(columnas)}) FROM STDIN") as copia:
            for f in filas:
                copia.write_row([json.dumps(f[c]) if tipos[c] == "jsonb" and f[c] is not None else f[c] for c in columnas])
        con.execute(f"INSERT INTO accion SELECT * FROM paso ON CONFLICT (id) DO UPDATE SET "
                    f"{', '.join(f'{c} = excluded.{c}' for c in columnas if c != 'id')}")
        con.commit()


def _memoria_importacion(central: Path, archivos: list[Path]) -> float:
    """Memoria máxima (MB) de un proceso que importa los paquetes en `central` (sin acciones todavía), más la de su
    proceso de ayuda para las reglas (empaquetado/revision_paralela.py), si lo arrancó.

    Se lee VmHWM del propio proceso al terminar: `ru_maxrss` de un hijo incluye la memoria del padre copiada al
    hacer fork (Linux la conserva a través de exec), y el banco, con 100,000 filas en memoria, la inflaría.
    """
    guion = ("import runpy, sys\nsys.argv = ['main.py', *sys.argv[1:]]\n"
             "try:\n    runpy.run_path('main.py', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "from empaquetado import revision_paralela as p\n"
             "def pico(pid):\n    return int(next(x for x in open(f'/proc/{pid}/status') if x.startswith('VmHWM')).split()[1])\n"
             "ayuda = pico(p._ayudante.proceso.pid) if p._ayudante is not None and p._ayudante.vivo() else 0\n"
             "print(pico('self') + ayuda)")
    salida = subprocess.run([sys.executable, "-c", guion, "--datos", str(central), "importar", *map(str, archivos)],
                            cwd=RAIZ, capture_output=True, text=True)
    return int(salida.stdout.strip().splitlines()[-1]) / 1024


def _arranque_en_frio(central: Path) -> float:
    """Desde que se lanza el proceso hasta que la ventana principal está a la vista, como arranca la aplicación."""
    guion = ("from PySide6.QtWidgets import QApplication\n"
             "from base_local.apertura import abrir_base\nfrom base_local.rutas import Rutas\n"
             "from escritorio.contexto import ContextoApp\nfrom escritorio.ventana_principal import VentanaPrincipal\n"
             "import os, sys, time; from pathlib import Path\n"
             "app=QApplication([]); r=Rutas(Path(sys.argv[1]))\n"
             "v=VentanaPrincipal(ContextoApp(r, abrir_base(r.url_base, r.respaldos, revisar_integridad=False)))\n"
             "v.show(); app.processEvents(); print(time.time(), flush=True); os._exit(0)")
    inicio = time.time()
    salida = subprocess.run([sys.executable, "-c", guion, str(central)], cwd=RAIZ, capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if salida.returncode != 0:
        raise RuntimeError(salida.stderr)
    return float(salida.stdout.strip().splitlines()[-1]) - inicio


def _lista(central: Path) -> tuple[float, float, float]:
    """Abrir la lista de Acciones, filtrarla por tipo y, como mesa de revisión, por estado de revisión «recibida» (el
    filtro más caro: toda acción recibida sin decisión)."""
    from PySide6.QtWidgets import QApplication

    from escritorio.contexto import ContextoApp
    from escritorio.pagina_acciones import PaginaAcciones

    QApplication.instance() or QApplication([])
    rutas = Rutas(central)
    ctx = ContextoApp(rutas, abrir_base(rutas.url_base))
    def abrir_lista():
        pagina = PaginaAcciones(ctx)
        pagina.show()
        QApplication.processEvents()
        return pagina

    abrir, pagina = medir(abrir_lista)
    filtrar, _ = medir(lambda: pagina.f_tipo.poner("taller"))
    pagina.f_tipo.poner(None)
    revision, _ = medir(lambda: pagina.f_revision.poner("recibida"))
    ctx.base.cerrar()
    return abrir, filtrar, revision


def _matriz(central: Path) -> float:
    """La matriz de revisión del año en la central, hasta tenerla en su modelo de tabla (como la ve la página)."""
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from base_local.revision import construir
    from escritorio.pagina_revision import ModeloMatriz

    QApplication.instance() or QApplication([])
    base = abrir_base(Rutas(central).url_base)

    def calcular() -> ModeloMatriz:
        modelo = ModeloMatriz()
        with base.transaccion() as s:
            modelo.poner(construir(s, date.today().year))
        return modelo

    tiempo, modelo = medir(calcular)
    assert modelo.rowCount() >= 4
    base.cerrar()
    return tiempo


def _guardados(central: Path, veces: int = 60) -> list[float]:
    import random

    base = abrir_base(Rutas(central).url_base)
    tiempos = []
    azar = random.Random(7)
    with base.transaccion() as s:
        oficina = oficina_local(s)
        ctx = contexto_para(s, oficina)
    municipios = sorted(ctx.catalogos.municipios)
    for i in range(veces):
        registro = registro_demo(azar, ctx, 10_000 + i, municipios)
        registro["avisos_reconocidos"] = ["POSIBLE_DUPLICADO", "TOTAL_INUSUAL", "SIN_DESGLOSE"]
        inicio = time.perf_counter()
        with base.transaccion() as s:
            ctx = contexto_para(s, oficina)
            r = guardar(s, registro, ctx, oficina, quien="Banco", lista=True)
        tiempos.append(time.perf_counter() - inicio)
        assert r.guardado, r.mensajes
    base.cerrar()
    return tiempos


def _carga() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _intercaladas(figura: str, limite: float, medicion: Callable[[int], float], base: Callable[[int], float],
                  unidad: str = "s") -> Cifra:
    """VECES rondas de la cifra y su línea base, una tras otra (la carga de la máquina cae sobre ambas)."""
    tiempos, bases = [], []
    for i in range(VECES):
        tiempos.append(medicion(i))
        bases.append(base(i))
    return Cifra(figura, tiempos, bases, limite, unidad)


class Cifras(list):
    """Las cifras medidas; cada una se imprime en cuanto se mide (una corrida cortada deja lo que alcanzó)."""

    def append(self, cifra: Cifra) -> None:
        super().append(cifra)
        print(fila(cifra), f"(carga {_carga()})", flush=True)


def correr(n: int, carpeta: Path) -> list[Cifra]:
    cifras = Cifras()
    print(f"Generando {n:,} acciones en las cuatro entidades (carga: {_carga()})…", flush=True)
    central, estatales = _oficinas(carpeta, n)
    virgen = _copiar(central, carpeta / "central-virgen")  # con las fichas de las estatales, sin acciones
    limpias = {e: _copiar(c, carpeta / f"limpia-{c.name}") for e, c in estatales.items()}
    para_cifrar = {e: _copiar(c, carpeta / f"para-cifrar-{c.name}") for e, c in estatales.items()}
    _registrar_ficha_central(central, para_cifrar)
    fichas = _fichas(estatales)
    ronda = {}  # paquetes y centrales de cada ronda

    def exportar(i: int, cifrado: bool = False) -> float:
        origen = para_cifrar if cifrado else limpias
        copias = {e: _copiar(c, carpeta / f"r{i}-{'cif-' if cifrado else ''}{c.name}") for e, c in origen.items()}
        t, archivos = medir(lambda: _exportar_todo(copias, carpeta / f"paquetes-r{i}{'-cif' if cifrado else ''}"))
        assert all(a.name.endswith(".zip.age") == cifrado for a in archivos)
        ronda[(i, "cifrados" if cifrado else "paquetes")] = archivos
        for c in copias.values():
            shutil.rmtree(c)
        return t

    def base_export(i: int) -> float:
        destino = carpeta / f"base-export-r{i}"
        destino.mkdir()
        return medir(lambda: _base_export(ronda[(i, "paquetes")], destino))[0]

    exp, b_exp, exp_cif = [], [], []
    for i in range(VECES):  # cada ronda: exportar, su línea base y exportar cifrado, uno tras otro
        exp.append(exportar(i))
        b_exp.append(base_export(i))
        exp_cif.append(exportar(i, cifrado=True))
    cifras.append(Cifra(f"exportar {n:,} registros", exp, b_exp, 1.5))
    cifras.append(Cifra(f"exportar {n:,} registros, firmado y cifrado (razón: frente a sin cifrar)", exp_cif, exp, 1.1))
    print("Exportación medida.", flush=True)

    def importar(i: int) -> float:
        destino = _copiar(virgen, carpeta / f"central-r{i}")
        base = abrir_base(Rutas(destino).url_base)
        t, resultados = medir(lambda: [importar_archivo(base, a, Rutas(destino).evidencias) for a in ronda[(i, "paquetes")]])
        base.cerrar()
        assert all(r.resultado == "importado" for r in resultados), [r.mensaje for r in resultados]
        return t

    def base_import(i: int) -> float:
        return medir(lambda: _base_import(ronda[(i, "paquetes")], carpeta / f"base-import-r{i}.sqlite"))[0]

    def importar_cifrado(i: int) -> float:
        destino = _copiar(virgen, carpeta / f"central-cif-r{i}")
        t, resultados = medir(lambda: _importar_cifrados(destino, ronda[(i, "cifrados")]))
        assert all(r.resultado == "importado" for r in resultados), [r.mensaje for r in resultados]
        shutil.rmtree(destino)
        return t

    imp, b_imp, imp_cif = [], [], []
    for i in range(VECES):
        imp.append(importar(i))
        b_imp.append(base_import(i))
        imp_cif.append(importar_cifrado(i))
    cifras.append(Cifra(f"importar {n:,} registros (verificar + fusionar)", imp, b_imp, 2))
    cifras.append(Cifra(f"importar {n:,} registros cifrados (razón: frente a sin cifrar)", imp_cif, imp, 1.1))

    def reimportar(i: int) -> float:
        destino = carpeta / f"central-r{i}"
        base = abrir_base(Rutas(destino).url_base)
        t, resultados = medir(lambda: [importar_archivo(base, a, Rutas(destino).evidencias) for a in ronda[(i, "paquetes")]])
        base.cerrar()
        assert all(r.resultado == "duplicado" for r in resultados)
        return t

    cifras.append(_intercaladas("reimportar (sin cambios)", 1.5, reimportar,
                                lambda i: medir(lambda: _leer_zips(ronda[(i, "paquetes")]))[0]))
    for i in range(VECES - 1):  # la última ronda queda para lo que sigue
        shutil.rmtree(carpeta / f"central-r{i}")
    print("Importación medida.", flush=True)
    cifras.append(_postgres(n, carpeta, fichas, ronda))
    print("Importación en PostgreSQL medida.", flush=True)
    central = carpeta / f"central-r{VECES - 1}"  # la central con las N acciones para lo que sigue
    base_cen = abrir_base(Rutas(central).url_base)
    with base_cen.transaccion() as s:
        def libro(i: int) -> float:
            return medir(lambda: generar(s, "consolidado", "xlsx", Seleccion(), carpeta / f"consolidado-{i}.xlsx"))[0]

        filas = acciones_vivas(s, Seleccion())  # la línea base recibe las filas ya leídas
        cifras.append(_intercaladas(f"libro consolidado de {len(filas):,} acciones", 1.2, libro,
                                    lambda i: medir(lambda: _base_libro(filas, carpeta / f"base-libro-{i}.xlsx"))[0]))
        from base_local.consultas_catalogo import leer_catalogos
        from reportes.indicadores import calcular, metas
        from reportes.trimestral import escribir

        diez_mil = filas[:10_000]
        pdf = [medir(lambda: escribir(carpeta / "trimestral.pdf", diez_mil, leer_catalogos(s),
                                      calcular(diez_mil, metas(s, 2026), 2026), Seleccion()))[0] for _ in range(VECES)]
        cifras.append(Cifra(f"PDF trimestral de {len(diez_mil):,} acciones", pdf, None, 5))
    base_cen.cerrar()
    print("Reportes medidos.", flush=True)
    p95 = [statistics.quantiles(_guardados(central), n=20)[18] for _ in range(VECES)]
    cifras.append(Cifra(f"guardar un registro con {n:,} en la base (p95 de 60)", p95, None, 0.05))
    listas = [_lista(central) for _ in range(VECES)]
    cifras.append(Cifra(f"abrir la lista de acciones con {n:,}", [a for a, _, _ in listas], None, 0.5))
    cifras.append(Cifra("aplicar un filtro a la lista", [f for _, f, _ in listas], None, 0.5))
    cifras.append(Cifra("lista de revisión filtrada por estado «recibida»", [r for _, _, r in listas], None, 0.5))
    cifras.append(Cifra(f"matriz de revisión (oficinas × trimestres) con {n:,}", [_matriz(central) for _ in range(VECES)],
                        None, 0.5))
    cifras.append(Cifra("arranque en frío hasta la ventana principal", [_arranque_en_frio(central) for _ in range(VECES)],
                        None, 1.0))
    memoria = _memoria_importacion(_copiar(virgen, carpeta / "central-memoria"), ronda[(0, "paquetes")])
    cifras.append(Cifra(f"memoria máxima al importar {n:,} (MB, con el proceso de ayuda)", [memoria], None, 400, "MB"))
    return cifras


def _postgres(n: int, carpeta: Path, fichas: list[dict], ronda: dict) -> Cifra:
    """La misma importación en una central PostgreSQL 15 (servidor desechable, como en las pruebas)."""
    from tests.servidor_pg import ServidorPG

    servidor = ServidorPG()
    servidor.iniciar()
    try:
        plantilla = _central_pg(servidor, carpeta / "central-pg", fichas)

        def importar(i: int) -> float:
            url = _copia_pg(servidor, plantilla)
            t, resultados = medir(lambda: _importar_pg(url, ronda[(i, "paquetes")], carpeta / "central-pg" / "evidencias"))
            assert all(r.resultado == "importado" for r in resultados), [r.mensaje for r in resultados]
            return t

        return _intercaladas(f"importar {n:,} registros en PostgreSQL", 2, importar,
                             lambda i: medir(lambda: _base_import_pg(servidor, ronda[(i, "paquetes")]))[0])
    finally:
        servidor.detener()


ENCABEZADO = (f"{'figura':<66} {'tiempo':>9} {'base':>9} {'mín – mediana – máx':>22} {'objetivo':>10}  resultado\n"
              + "-" * 132)


def fila(c: Cifra) -> str:
    """Mediana de la cifra y de su base; razón (o valor) mínimo – mediana – máximo de las rondas."""
    marca = "×" if c.bases else f" {c.unidad}"
    rango = (f"{min(c.valores):.2f}{marca} – {c.mediana:.2f}{marca} – {max(c.valores):.2f}{marca}" if c.bases else
             f"{min(c.valores):.3f} – {c.mediana:.3f} – {max(c.valores):.3f}{marca}")
    base = f"{statistics.median(c.bases):.3f} s" if c.bases else "—"
    return (f"{c.figura:<66} {statistics.median(c.tiempos):>7.3f} {c.unidad:<1} {base:>9} {rango:>22} "
            f"{c.objetivo:>10}  {'cumple' if c.cumple else 'NO CUMPLE'}")


def imprimir(cifras: list[Cifra]) -> str:
    return "\n".join([ENCABEZADO, *map(fila, cifras)])


def principal() -> int:
    analizador = argparse.ArgumentParser(description="Banco de rendimiento del Registro de Acciones")
    analizador.add_argument("--n", type=int, default=100_000, help="acciones a generar (100,000 por omisión)")
    analizador.add_argument("--salida", type=Path, default=RAIZ / "rendimiento.json", help="resultado en JSON")
    args = analizador.parse_args()
    with tempfile.TemporaryDirectory(prefix="fsur-banco-") as temporal:
        cifras = correr(args.n, Path(temporal))
    tabla = imprimir(cifras)
    print(tabla)
    print(f"\nCarga media de la máquina al terminar (1, 5 y 15 min): {_carga()}")
    args.salida.write_text(json.dumps({"n": args.n, "carga": os.getloadavg(), "veces": VECES,
                                       "cifras": [c.a_dict() for c in cifras]}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nResultado en {args.salida}")
    return 0


if __name__ == "__main__":
    sys.exit(principal())

