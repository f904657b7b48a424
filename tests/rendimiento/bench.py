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


@dataclass
class Cifra:
    figura: str
    tiempo: float
    base: float | None
    objetivo: str
    cumple: bool
    nota: str = ""

    @property
    def razon(self) -> float | None:
        return self.tiempo / self.base if self.base else None


def medir(funcion: Callable[[], object]) -> tuple[float, object]:
    gc.collect()  # lo que dejó la medición anterior no se cobra a esta
    inicio = time.perf_counter()
    resultado = funcion()
    return time.perf_counter() - inicio, resultado


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
    for carpeta in estatales.values():
        base = abrir_base(Rutas(carpeta).url_base)
        privada = llaves.abrir(Rutas(carpeta).llave_privada, FRASE)
        archivos.append(exportar_y_publicar(base, Rutas(carpeta), lambda p=privada: p, salida)[1].archivo)
        base.cerrar()
    return archivos


def _copias_para_cifrado(carpeta: Path, central: Path, estatales: dict[str, Path]) -> tuple[Path, dict[str, Path]]:
    """Copias, antes de exportar nada, de la central y de las estatales con sus mismos registros pendientes."""
    copias = carpeta / "cifrado"
    copias.mkdir()
    for origen in (central, *estatales.values()):
        con = sqlite3.connect(origen / "registro.sqlite")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        shutil.copytree(origen, copias / origen.name)
    return copias / central.name, {e: copias / c.name for e, c in estatales.items()}


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


def _memoria_importacion(central: Path, archivos: list[Path]) -> float:
    """Memoria máxima (MB) de un proceso que importa los paquetes en `central` (sin acciones todavía).

    Se lee VmHWM del propio proceso al terminar: `ru_maxrss` de un hijo incluye la memoria del padre copiada al
    hacer fork (Linux la conserva a través de exec), y el banco, con 100,000 filas en memoria, la inflaría.
    """
    guion = ("import runpy, sys\nsys.argv = ['main.py', *sys.argv[1:]]\n"
             "try:\n    runpy.run_path('main.py', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(next(x for x in open('/proc/self/status') if x.startswith('VmHWM')).split()[1])")
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


def _lista(central: Path) -> tuple[float, float]:
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
    ctx.base.cerrar()
    return abrir, filtrar


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


def correr(n: int, carpeta: Path) -> list[Cifra]:
    cifras: list[Cifra] = []
    print(f"Generando {n:,} acciones en las cuatro entidades…", flush=True)
    central, estatales = _oficinas(carpeta, n)
    central_cif, estatales_cif = _copias_para_cifrado(carpeta, central, estatales)
    paquetes = carpeta / "paquetes"
    t_exp, archivos = medir(lambda: _exportar_todo(estatales, paquetes))
    (carpeta / "base-export").mkdir()
    b_exp, _ = medir(lambda: _base_export(archivos, carpeta / "base-export"))
    cifras.append(Cifra(f"exportar {n:,} registros", t_exp, b_exp, "≤ 2×", t_exp <= 2 * b_exp))
    print("Exportación medida.", flush=True)
    base_cen = abrir_base(Rutas(central).url_base)
    t_imp, _ = medir(lambda: [importar_archivo(base_cen, a, Rutas(central).evidencias) for a in archivos])
    b_imp, _ = medir(lambda: _base_import(archivos, carpeta / "base-import.sqlite"))
    cifras.append(Cifra(f"importar {n:,} registros (verificar + fusionar)", t_imp, b_imp, "≤ 3×", t_imp <= 3 * b_imp))
    t_re, resultados = medir(lambda: [importar_archivo(base_cen, a, Rutas(central).evidencias) for a in archivos])
    assert all(r.resultado == "duplicado" for r in resultados)
    b_re, _ = medir(lambda: _leer_zips(archivos))
    cifras.append(Cifra("reimportar (sin cambios)", t_re, b_re, "≤ 1.5×", t_re <= 1.5 * b_re))
    base_cen.cerrar()
    print("Importación medida.", flush=True)
    _registrar_ficha_central(central_cif, estatales_cif)
    t_exp_cif, cifrados = medir(lambda: _exportar_todo(estatales_cif, carpeta / "paquetes-cifrados"))
    assert all(a.name.endswith(".zip.age") for a in cifrados)
    cifras.append(Cifra(f"exportar {n:,} registros, firmado y cifrado (razón: frente a sin cifrar)", t_exp_cif, t_exp,
                        "≤ 1.5×", t_exp_cif <= 1.5 * t_exp))
    t_imp_cif, resultados = medir(lambda: _importar_cifrados(central_cif, cifrados))
    assert all(r.resultado == "importado" for r in resultados), [r.mensaje for r in resultados]
    cifras.append(Cifra(f"importar {n:,} registros cifrados (razón: frente a sin cifrar)", t_imp_cif, t_imp,
                        "≤ 1.5×", t_imp_cif <= 1.5 * t_imp))
    shutil.rmtree(carpeta / "cifrado")
    print("Exportación e importación con cifrado medidas.", flush=True)
    base_cen = abrir_base(Rutas(central).url_base)
    with base_cen.transaccion() as s:
        t_libro, _ = medir(lambda: generar(s, "consolidado", "xlsx", Seleccion(), carpeta / "consolidado.xlsx"))
        filas = acciones_vivas(s, Seleccion())  # la línea base recibe las filas ya leídas
        b_libro, _ = medir(lambda: _base_libro(filas, carpeta / "base-libro.xlsx"))
        cifras.append(Cifra(f"libro consolidado de {len(filas):,} acciones", t_libro, b_libro, "≤ 1.5×", t_libro <= 1.5 * b_libro))
        from base_local.consultas_catalogo import leer_catalogos
        from reportes.indicadores import calcular, metas
        from reportes.trimestral import escribir

        diez_mil = filas[:10_000]
        t_pdf, _ = medir(lambda: escribir(carpeta / "trimestral.pdf", diez_mil, leer_catalogos(s),
                                          calcular(diez_mil, metas(s, 2026), 2026), Seleccion()))
        cifras.append(Cifra(f"PDF trimestral de {len(diez_mil):,} acciones", t_pdf, None, "≤ 5 s", t_pdf <= 5))
    base_cen.cerrar()
    print("Reportes medidos.", flush=True)
    tiempos = _guardados(central)
    p95 = statistics.quantiles(tiempos, n=20)[18]
    cifras.append(Cifra(f"guardar un registro con {n:,} en la base (p95 de {len(tiempos)})", p95, None, "≤ 0.050 s", p95 <= 0.05))
    abrir, filtrar = _lista(central)
    cifras.append(Cifra(f"abrir la lista de acciones con {n:,}", abrir, None, "≤ 0.5 s", abrir <= 0.5))
    cifras.append(Cifra("aplicar un filtro a la lista", filtrar, None, "≤ 0.5 s", filtrar <= 0.5))
    matriz = _matriz(central)
    cifras.append(Cifra(f"matriz de revisión (oficinas × trimestres) con {n:,}", matriz, None, "≤ 0.5 s", matriz <= 0.5))
    frio = statistics.median(_arranque_en_frio(central) for _ in range(3))
    cifras.append(Cifra("arranque en frío hasta la ventana principal (mediana de 3)", frio, None, "≤ 1.5 s", frio <= 1.5))
    _limpiar_para_memoria(carpeta)
    memoria = _memoria_importacion(carpeta / "central-limpia", archivos)
    cifras.append(Cifra(f"memoria máxima al importar {n:,} (MB)", memoria, None, "≤ 400 MB", memoria <= 400))
    return cifras


def imprimir(cifras: list[Cifra]) -> str:
    lineas = [f"{'figura':<58} {'tiempo':>10} {'base':>9} {'razón':>7} {'objetivo':>10}  resultado", "-" * 112]
    for c in cifras:
        unidad = "MB" if "MB" in c.figura else "s"
        lineas.append(f"{c.figura:<58} {c.tiempo:>8.3f} {unidad:<1} {(f'{c.base:.3f} s' if c.base else '—'):>9} "
                      f"{(f'{c.razon:.2f}×' if c.razon else '—'):>7} {c.objetivo:>10}  {'cumple' if c.cumple else 'NO CUMPLE'}")
    return "\n".join(lineas)


def principal() -> int:
    analizador = argparse.ArgumentParser(description="Banco de rendimiento del Registro de Acciones")
    analizador.add_argument("--n", type=int, default=100_000, help="acciones a generar (100,000 por omisión)")
    analizador.add_argument("--salida", type=Path, default=RAIZ / "rendimiento.json", help="resultado en JSON")
    args = analizador.parse_args()
    with tempfile.TemporaryDirectory(prefix="fsur-banco-") as temporal:
        cifras = correr(args.n, Path(temporal))
    tabla = imprimir(cifras)
    print(tabla)
    args.salida.write_text(json.dumps({"n": args.n, "cifras": [asdict(c) | {"razon": c.razon} for c in cifras]},
                                      ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nResultado en {args.salida}")
    return 0


def _limpiar_para_memoria(carpeta: Path) -> None:
    """Central con las fichas registradas pero sin acciones: la importación de la medición de memoria es completa."""
    limpia = carpeta / "central-limpia"
    con = sqlite3.connect(carpeta / "central" / "registro.sqlite")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copytree(carpeta / "central", limpia)
    con = sqlite3.connect(limpia / "registro.sqlite")
    for tabla in ("historial", "evidencia", "accion", "paquete_entrada", "observacion", "conflicto"):
        con.execute(f"delete from {tabla}")
    con.commit()
    con.execute("VACUUM")
    con.close()


if __name__ == "__main__":
    sys.exit(principal())

