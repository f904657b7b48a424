"""Capturas a 1280×720 de cada página, de cada confirmación y del flujo de paquetes y acuses, sobre oficinas de
demostración (make capturas → docs/img/). Sin pantalla, con la misma fuente empaquetada que ve la gente."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget  # noqa: E402
from sqlalchemy import text  # noqa: E402

from base_local.apertura import abrir_base  # noqa: E402
from base_local.oficinas import oficina_local  # noqa: E402
from base_local.periodos import periodo_de  # noqa: E402
from base_local.respaldos import respaldar  # noqa: E402
from base_local.rutas import Rutas  # noqa: E402
from empaquetado import llaves  # noqa: E402
from empaquetado.alta import SolicitudAlta, inicializar  # noqa: E402
from empaquetado.confianza import ficha, registrar  # noqa: E402
from empaquetado.exportar import exportar_y_publicar  # noqa: E402
from escritorio import dialogos  # noqa: E402
from escritorio.aplicacion import preparar as preparar_aplicacion  # noqa: E402
from escritorio.asistente import AsistenteOficina  # noqa: E402
from escritorio.contexto import ContextoApp  # noqa: E402
from escritorio.ventana_principal import VentanaPrincipal  # noqa: E402
from formularios.demo import generar  # noqa: E402
from formularios.servicio import contexto_para  # noqa: E402

FRASE = "frase de las capturas de pantalla"
TAMANO = (1280, 720)
SECCION = {"inicio": 0, "captura": 1, "acciones": 2, "envios": 3, "reportes": 4, "revision": 5, "configuracion": 6}


def _contexto(carpeta: Path) -> ContextoApp:
    return ContextoApp(Rutas(carpeta), abrir_base(Rutas(carpeta).url_base), lambda p, m: FRASE)


def _esperar(condicion: Callable[[], bool] | None = None, vueltas: int = 10, limite: float = 120) -> None:
    """Procesa eventos `vueltas` veces y, si hay `condicion`, hasta que se cumpla (trabajos en segundo plano)."""
    for _ in range(vueltas):
        QCoreApplication.processEvents()
    inicio = time.monotonic()
    while condicion is not None and not condicion():
        if time.monotonic() - inicio > limite:
            raise TimeoutError("la captura esperó demasiado a un trabajo en segundo plano")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _guardar(widget: QWidget, destino: Path) -> None:
    _esperar()
    widget.grab().save(str(destino))
    print(destino)


def _encima(ventana: QWidget, dialogo: QWidget, destino: Path) -> None:
    """La ventana atenuada con el diálogo al centro, como lo ve la persona."""
    _esperar()
    fondo = ventana.grab()
    pintor = QPainter(fondo)
    pintor.fillRect(fondo.rect(), QColor(0, 0, 0, 60))
    imagen: QPixmap = dialogo.grab()
    esquina = QPoint((fondo.width() - imagen.width()) // 2, (fondo.height() - imagen.height()) // 2)
    pintor.fillRect(imagen.rect().translated(esquina + QPoint(4, 4)), QColor(0, 0, 0, 90))
    pintor.drawPixmap(esquina, imagen)
    pintor.end()
    fondo.save(str(destino))
    print(destino)


def _con_dialogo(ventana: QWidget, abrir: Callable[[], object], destino: Path) -> None:
    """Abre un diálogo modal con `abrir`, lo captura encima de la ventana y lo cierra con Esc, la opción segura:
    nada cambia en la base."""

    def mirar() -> None:
        dialogo = QApplication.activeModalWidget()
        if dialogo is None:
            QTimer.singleShot(20, mirar)
            return
        _encima(ventana, dialogo, destino)
        if isinstance(dialogo, QMessageBox) and dialogo.escapeButton() is not None:
            dialogo.escapeButton().click()
        elif isinstance(dialogo, QDialog):
            dialogo.reject()

    QTimer.singleShot(0, mirar)
    abrir()


def _ventana(ctx: ContextoApp) -> VentanaPrincipal:
    ventana = VentanaPrincipal(ctx, hoy=date.today())
    ventana.resize(*TAMANO)
    ventana.show()
    _esperar()
    return ventana


def _ir(ventana: VentanaPrincipal, seccion: str, pestana: int | None = None) -> None:
    ventana.navegacion.setCurrentRow(SECCION[seccion])
    if pestana is not None:
        ventana.paginas.currentWidget().setCurrentIndex(pestana)
    _esperar()


def _tablero_listo(ventana: VentanaPrincipal) -> None:
    ventana.inicio.datos = None
    ventana.inicio.calculando = False
    ventana.inicio.actualizar()
    _esperar(lambda: ventana.inicio.datos is not None)


def _asistente(raiz: Path, salida: Path) -> None:
    asistente = AsistenteOficina(raiz / "nueva")
    asistente.show()
    asistente.oficina.entidad.setCurrentIndex(asistente.oficina.entidad.findData("07"))
    _guardar(asistente, salida / "asistente-oficina.png")
    asistente.next()
    asistente.datos.nombre.setText("Oficina Municipal de Suchiate")
    asistente.datos.responsable.setText("Responsable de la oficina")
    asistente.next()
    asistente.frase.frase.setText(FRASE)
    asistente.frase.repeticion.setText(FRASE)
    _guardar(asistente, salida / "asistente-frase.png")
    asistente.next()
    _guardar(asistente, salida / "asistente-huella.png")
    asistente.close()


def _recuperar(raiz: Path, ctx_mun: ContextoApp, salida: Path) -> None:
    """Computadora nueva: el asistente muestra la oficina y la huella del respaldo antes de pedir la frase."""
    copia = respaldar(ctx_mun.rutas.base, raiz / "usb", "manual")
    asistente = AsistenteOficina(raiz / "pc-nueva")
    asistente.elegir_respaldo = lambda: str(copia)
    asistente.elegir_llave = lambda: str(ctx_mun.rutas.llave_privada)
    asistente.show()
    _con_dialogo(asistente, asistente.recuperar, salida / "asistente-recuperar.png")  # Esc: no se recupera nada
    asistente.close()


def _oficinas(raiz: Path) -> tuple[ContextoApp, ContextoApp, list[str]]:
    mun, est = raiz / "mun", raiz / "est"
    inicializar(mun, SolicitudAlta("municipal", "Oficina Municipal de Atención al Migrante de Tapachula", "Ana López", "07", "07089"), FRASE)
    inicializar(est, SolicitudAlta("estatal", "Enlace Estatal de Chiapas", "Jorge Ruiz", "07"), FRASE)
    ctx_mun, ctx_est = _contexto(mun), _contexto(est)
    privada = llaves.abrir(Rutas(mun).llave_privada, FRASE)
    with ctx_mun.base.transaccion() as s:
        documento = ficha(s, privada)
    with ctx_est.base.transaccion() as s:
        registrar(s, documento)
    archivos = []
    for semilla in (1, 2):
        with ctx_mun.base.transaccion() as s:
            oficina = oficina_local(s)
            generar(s, contexto_para(s, oficina), oficina, 25, semilla=semilla)
        archivos.append(str(exportar_y_publicar(ctx_mun.base, Rutas(mun), lambda: privada, raiz / "paquetes")[1].archivo))
    with ctx_mun.base.transaccion() as s:
        generar(s, contexto_para(s, oficina_local(s)), oficina_local(s), 12, semilla=3)
    return ctx_mun, ctx_est, archivos


def _formulario_con_error_y_aviso(ventana: VentanaPrincipal) -> None:
    c = ventana.captura.formulario.controles
    c["eje"].poner("capacitacion")
    c["tipo_accion"].poner("taller")
    c["poblacion"].poner("servidores_publicos")
    c["titulo"].setText("Taller de atención a personas en contexto de movilidad")
    c["descripcion"].setPlainText("Taller para personal de ventanilla del registro civil y del DIF municipal.")
    c["objetivos_pmm"].poner([4, 7])
    c["mujeres"].setValue(14)
    c["hombres"].setValue(6)
    c["sin_dato"].setValue(31)
    c["total"].setText("50")
    ventana.captura.validar()


def _municipal(raiz: Path, ctx_mun: ContextoApp, ctx_est: ContextoApp, salida: Path) -> None:
    ventana = _ventana(ctx_mun)
    _tablero_listo(ventana)
    _guardar(ventana, salida / "inicio.png")
    _ir(ventana, "captura")
    _guardar(ventana, salida / "captura-vacia.png")
    _formulario_con_error_y_aviso(ventana)
    _guardar(ventana, salida / "captura-error-y-aviso.png")
    _con_dialogo(ventana, ventana.captura.descartar, salida / "confirmar-descartar.png")
    ventana.captura.nueva(preguntar=False)
    _ir(ventana, "acciones")
    acciones = ventana.acciones
    acciones.vista.selectRow(0)
    _guardar(ventana, salida / "acciones.png")
    acciones.mostrar_historial(acciones._id(0))
    _encima(ventana, acciones.dialogo_historial, salida / "historial.png")
    acciones.dialogo_historial.close()
    _con_dialogo(ventana, lambda: dialogos.pedir_texto(ventana, "Anular acción", "Motivo de la anulación (queda en el historial):"),
                 salida / "confirmar-anular.png")
    actual = periodo_de(date.today())
    elegir = acciones.elegir_periodo
    acciones.elegir_periodo = lambda *_: (actual, True)  # el trimestre ya elegido de la lista: se captura la confirmación
    _con_dialogo(ventana, acciones.cerrar_periodo, salida / "confirmar-cerrar-periodo.png")
    acciones.elegir_periodo = elegir
    _ir(ventana, "envios", 0)
    _guardar(ventana, salida / "envios.png")
    _con_dialogo(ventana, lambda: dialogos.pedir_frase(ventana, "Para firmar el paquete"), salida / "dialogo-frase.png")
    archivo = dialogos.dialogo_de_archivos(ventana, "Paquetes recibidos", str(raiz / "paquetes"), "Paquetes de envío (*.zip)",
                                           QFileDialog.FileMode.ExistingFiles)
    archivo.setOption(QFileDialog.Option.DontUseNativeDialog)
    archivo.resize(760, 440)
    _con_dialogo(ventana, archivo.exec, salida / "dialogo-archivos.png")
    _ir(ventana, "reportes")
    _guardar(ventana, salida / "reportes.png")
    _ir(ventana, "configuracion")
    _guardar(ventana, salida / "configuracion.png")
    config = ventana.configuracion
    copia = respaldar(ctx_mun.rutas.base, ctx_mun.rutas.respaldos, "manual")
    config.elegir_respaldo = lambda: str(copia)
    _con_dialogo(ventana, config.restaurar, salida / "confirmar-restaurar.png")
    privada_est = llaves.abrir(ctx_est.rutas.llave_privada, FRASE)
    with ctx_est.base.transaccion() as s:
        documento = ficha(s, privada_est)
    ficha_est = raiz / "ficha-E07.json"
    ficha_est.write_text(json.dumps(documento, ensure_ascii=False), encoding="utf-8")
    programa = hashlib.sha256(b"llave de la Coordinacion de demostracion").hexdigest()
    _con_dialogo(ventana, lambda: config._confirmar_central(programa, "Huella de la llave que trae este programa"),
                 salida / "confirmar-fijar-central.png")
    config.elegir_documento = lambda: str(ficha_est)
    _con_dialogo(ventana, config.registrar_ficha, salida / "confirmar-registrar-huella.png")
    config.vista.selectRow(0)
    config.pedir_motivo = lambda: "Equipo extraviado"
    _con_dialogo(ventana, config.revocar_seleccionada, salida / "confirmar-revocar.png")
    ventana.close()


def _estatal(ctx_est: ContextoApp, archivos: list[str], salida: Path) -> None:
    estatal = _ventana(ctx_est)
    _ir(estatal, "envios", 1)
    estatal.recepcion.cargar(archivos)
    _esperar(lambda: not estatal.recepcion.pendientes)
    estatal.recepcion.vista.selectRow(0)
    _guardar(estatal, salida / "recepcion.png")
    estatal.close()


def _central(raiz: Path, ctx_est: ContextoApp, salida: Path) -> None:
    """Central con tres paquetes de la estatal: importa el 1 y el 3 (falta el 2) y recibe uno alterado; firma los
    acuses y la estatal los aplica."""
    cen = raiz / "cen"
    inicializar(cen, SolicitudAlta("central", "Coordinación para la Atención Integral de la Migración en la Frontera Sur", "Coordinación"), FRASE)
    ctx_cen = _contexto(cen)
    privada_est = llaves.abrir(ctx_est.rutas.llave_privada, FRASE)
    with ctx_est.base.transaccion() as s:
        documento = ficha(s, privada_est)
    with ctx_cen.base.transaccion() as s:
        registrar(s, documento)
    archivos = []
    for semilla in (4, 5, 6):
        with ctx_est.base.transaccion() as s:
            oficina = oficina_local(s)
            generar(s, contexto_para(s, oficina), oficina, 15, semilla=semilla)
            if semilla == 4:  # la misma acción capturada dos veces: un posible duplicado dentro del paquete
                for _ in range(2):
                    generar(s, contexto_para(s, oficina), oficina, 1, semilla=99)
        archivos.append(exportar_y_publicar(ctx_est.base, ctx_est.rutas, lambda: privada_est, raiz / "a-central")[1].archivo)
    alterado = raiz / "a-central" / "envio-E07-0002-alterado.zip"
    with zipfile.ZipFile(archivos[1]) as origen, zipfile.ZipFile(alterado, "w") as destino:
        for info in origen.infolist():
            datos = origen.read(info)
            destino.writestr(info, datos.replace(b'"hombres":', b'"hombres":1', 1) if info.filename.endswith("acciones.jsonl") else datos)
    shutil.move(str(archivos[1]), raiz / "segundo-en-camino.zip")
    central = _ventana(ctx_cen)
    _ir(central, "envios", 1)
    recepcion = central.recepcion
    recepcion.cargar([str(archivos[0]), str(alterado), str(archivos[2])])
    _esperar(lambda: not recepcion.pendientes)
    recepcion.vista.selectRow(0)
    _guardar(central, salida / "central-bandeja.png")
    recepcion.importar_aceptados()
    _esperar(lambda: recepcion.importar.isEnabled() or "Importando" not in recepcion.estado.text())
    _esperar(lambda: "Importando" not in recepcion.estado.text())
    _guardar(central, salida / "central-importado-acuses.png")
    _ir(central, "envios", 3)
    _guardar(central, salida / "central-duplicados.png")
    _ir(central, "inicio")
    _tablero_listo(central)
    _guardar(central, salida / "central-tablero.png")
    tablero = central.inicio
    tablero.vista_completitud.selectRow(len(tablero.completitud.filas) - 1)
    _con_dialogo(central, tablero.aprobar_seleccion, salida / "confirmar-aprobar.png")
    central.close()
    ctx_cen.base.cerrar()


def _red_de_revision(raiz: Path) -> ContextoApp:
    """Tapachula y Suchiate envían a la estatal de Chiapas, que suma lo suyo y envía a la central; la central observa
    dos registros de Tapachula, acepta tres y aprueba un trimestre de Suchiate."""
    from base_local import periodos
    from empaquetado.acuses import aceptar, observar_varias
    from empaquetado.importar import importar_archivo

    carpetas = {"M07089": raiz / "mun", "M07087": raiz / "mun2", "E07": raiz / "est", "CAIMFS": raiz / "cen"}
    inicializar(carpetas["M07089"], SolicitudAlta("municipal", "Oficina Municipal de Atención al Migrante de Tapachula", "Ana López", "07", "07089"), FRASE)
    inicializar(carpetas["M07087"], SolicitudAlta("municipal", "Oficina Municipal de Atención al Migrante de Suchiate", "Luis Pérez", "07", "07087"), FRASE)
    inicializar(carpetas["E07"], SolicitudAlta("estatal", "Enlace Estatal de Chiapas", "Jorge Ruiz", "07"), FRASE)
    inicializar(carpetas["CAIMFS"], SolicitudAlta("central", "Coordinación para la Atención Integral de la Migración en la Frontera Sur", "Coordinación"), FRASE)
    ctx = {c: _contexto(carpeta) for c, carpeta in carpetas.items()}
    privadas = {c: llaves.abrir(Rutas(carpeta).llave_privada, FRASE) for c, carpeta in carpetas.items()}
    for emisor, receptor in (("M07089", "E07"), ("M07087", "E07"), ("E07", "CAIMFS")):
        with ctx[emisor].base.transaccion() as s:
            documento = ficha(s, privadas[emisor])
        with ctx[receptor].base.transaccion() as s:
            registrar(s, documento)

    def enviar(emisor: str, receptor: str, registros: int, semilla: int) -> None:
        with ctx[emisor].base.transaccion() as s:
            oficina = oficina_local(s)
            generar(s, contexto_para(s, oficina), oficina, registros, semilla=semilla)
        archivo = exportar_y_publicar(ctx[emisor].base, Rutas(carpetas[emisor]), lambda: privadas[emisor], raiz / "paquetes")[1].archivo
        assert importar_archivo(ctx[receptor].base, archivo, Rutas(carpetas[receptor]).evidencias).resultado == "importado"

    enviar("M07089", "E07", 25, 1)
    enviar("M07087", "E07", 12, 2)
    enviar("E07", "CAIMFS", 15, 3)
    with ctx["CAIMFS"].base.transaccion() as s:
        tapachula = [i for (i,) in s.execute(text("select id from accion where oficina_origen = 'M07089' order by fecha_inicio desc"))]
        observar_varias(s, tapachula[1:3], "Adjunte la lista de asistencia firmada: las cifras por sexo no coinciden con ella.", "Coordinación")
        aceptar(s, tapachula[3:6], "Coordinación")
        trimestre = s.scalar(text("select periodo from accion where oficina_origen = 'M07087' order by fecha_inicio limit 1"))
        periodos.aprobar(s, "M07087", trimestre, "Coordinación")
    for c in ("M07089", "M07087", "E07"):
        ctx[c].base.cerrar()
    return ctx["CAIMFS"]


def capturar_mesa(salida: Path) -> None:
    """La lista de Acciones de la central como mesa de revisión: filtrada por Tapachula, con dos filas elegidas; y la
    ficha de revisión de una observada."""
    app = QApplication.instance() or QApplication([])
    preparar_aplicacion(app)
    salida.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporal:
        ctx = _red_de_revision(Path(temporal))
        central = _ventana(ctx)
        _ir(central, "acciones")
        acciones = central.acciones
        acciones.filtrar(oficina="M07089")
        _esperar()
        acciones.vista.selectRow(1)
        acciones.vista.selectionModel().select(acciones.modelo.index(2, 0), acciones.vista.selectionModel().SelectionFlag.Select
                                               | acciones.vista.selectionModel().SelectionFlag.Rows)
        acciones.resumen.setText(f"{acciones.modelo.total} acciones · 2 elegidas: «Observar…» les deja la misma observación.")
        _guardar(central, salida / "central-revision-acciones.png")
        acciones.mostrar_ficha(acciones.modelo.filas[1][-1])
        _esperar()
        _encima(central, acciones.dialogo_ficha, salida / "central-revision-ficha.png")
        acciones.dialogo_ficha.close()
        central.close()
        ctx.base.cerrar()


def _herramienta(nombre: str, paquete: str) -> str | None:
    ruta = shutil.which(nombre)
    if ruta is None:
        print(f"(sin {nombre}: instale el paquete {paquete} de Debian para esta captura)")
    return ruta


def _mapas(raiz: Path, salida: Path) -> None:
    """Central con acciones en las cuatro entidades: el mapa del tablero, la página del mapa del trimestral (pdftoppm)
    y el reporte HTML como lo dibuja Chromium."""
    from reportes.datos import Seleccion
    from reportes.generar import generar as generar_reporte

    carpeta = raiz / "cen-mapa"
    inicializar(carpeta, SolicitudAlta("central", "Coordinación para la Atención Integral de la Migración en la Frontera Sur", "Coordinación"), FRASE)
    ctx = _contexto(carpeta)
    with ctx.base.transaccion() as s:
        oficina = oficina_local(s)
        generar(s, contexto_para(s, oficina), oficina, 400, semilla=22)
    ventana = _ventana(ctx)
    ventana.inicio.pestanas.setCurrentIndex(1)
    mapa = ventana.inicio.mapa.mapa
    _esperar(lambda: mapa.dibujo is not None)
    trimestre = periodo_de(date.today())
    ventana.inicio.mapa.periodo.poner(trimestre)  # el trimestre en curso: se ven los municipios que aún no tienen acciones
    _esperar(lambda: not ventana.inicio.mapa.calculando)
    tapachula = next(i for i, m in enumerate(mapa.dibujo.municipios) if m.cvegeo == "07089")
    mapa.senalado = tapachula  # como si el puntero estuviera sobre Tapachula
    _guardar(ventana, salida / "tablero-mapa.png")
    ventana.close()
    with ctx.base.transaccion() as s:
        pdf = generar_reporte(s, "trimestral", "pdf", Seleccion(trimestre), raiz / "trimestral.pdf")
        html = generar_reporte(s, "html", "html", Seleccion(str(date.today().year)), raiz / "reporte.html")
    ctx.base.cerrar()
    if (pdftoppm := _herramienta("pdftoppm", "poppler-utils")) and (pdftotext := _herramienta("pdftotext", "poppler-utils")):
        pagina = next(i for i in range(1, 20) if "Acciones por municipio" in subprocess.run(
            [pdftotext, "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", "-f", str(pagina), "-l", str(pagina), str(pdf),
                        str(salida / "trimestral-mapa")], check=True)
        print(salida / "trimestral-mapa.png")
    if chromium := _herramienta("chromium", "chromium"):
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--hide-scrollbars", f"--user-data-dir={raiz / 'chromium'}",
                        "--window-size=1100,1900", f"--screenshot={salida / 'reporte-html.png'}", html.as_uri()],
                       check=True, capture_output=True, timeout=180)
        print(salida / "reporte-html.png")


def _corregir(ctx: ContextoApp, cuantas: int) -> None:
    """La oficina corrige `cuantas` acciones ya enviadas (cifras y título): llegan como actualizaciones."""
    from sqlalchemy import select

    from base_local.acciones import accion_a_dict
    from base_local.modelos import Accion
    from formularios.servicio import guardar

    with ctx.base.transaccion() as s:
        oficina = oficina_local(s)
        for accion in s.scalars(select(Accion).where(Accion.oficina_origen == oficina.clave).order_by(Accion.id).limit(cuantas)).all():
            datos = accion_a_dict(accion)
            datos.pop("total")
            datos["mujeres"] += 12
            datos["titulo"] = datos["titulo"].replace("(", "— corregido con la lista de asistencia (", 1)
            datos["avisos_reconocidos"] = ["POSIBLE_DUPLICADO", "TOTAL_INUSUAL", "SIN_DESGLOSE", "FECHA_ANTIGUA"]
            assert guardar(s, datos, contexto_para(s, oficina), oficina, quien="Enlace", lista=True).guardado


def _revision(raiz: Path, ctx_est: ContextoApp, archivos_mun: list[str], salida: Path) -> None:
    """La estatal importa los paquetes de Tapachula y corrige tres acciones suyas; la central ve la vista previa
    (antes → después), importa y revisa la matriz de oficinas por trimestre."""
    from empaquetado.importar import importar_archivo
    from empaquetado.revision_periodos import aprobar_celdas

    for archivo in archivos_mun:
        importar_archivo(ctx_est.base, Path(archivo), ctx_est.rutas.evidencias)
    _corregir(ctx_est, 3)
    privada_est = llaves.abrir(ctx_est.rutas.llave_privada, FRASE)
    paquete = exportar_y_publicar(ctx_est.base, ctx_est.rutas, lambda: privada_est, raiz / "a-central-2")[1].archivo
    ctx_cen = _contexto(raiz / "cen")
    central = _ventana(ctx_cen)
    _ir(central, "envios", 1)
    recepcion = central.recepcion
    recepcion.cargar([str(paquete)])
    _esperar(lambda: not recepcion.pendientes)
    recepcion.vista.selectRow(0)
    recepcion.filtro.poner("actualizados")
    recepcion.vista_detalle.selectRow(0)
    _guardar(central, salida / "vista-previa.png")
    recepcion.filtro.poner(None)
    recepcion.importar_aceptados()
    _esperar(lambda: "Importando" not in recepcion.estado.text())
    anterior = periodo_de(date.fromordinal(date.today().replace(day=1).toordinal() - 95))
    with ctx_cen.base.transaccion() as s:
        aprobar_celdas(s, [("E07", anterior)], "Coordinación")
    _ir(central, "revision")
    pagina = central.revision
    pagina.datos = None
    pagina.actualizar()
    _esperar(lambda: pagina.datos is not None and not pagina.calculando)
    pagina.solo.poner("con_envios")
    from PySide6.QtCore import QItemSelectionModel

    actual = periodo_de(date.today())
    for f in range(pagina.modelo.rowCount()):
        for col in range(1, pagina.modelo.columnCount()):
            c = pagina.modelo.celda(f, col)
            if c.trimestre == actual and c.oficina in ("E07", "M07089"):
                pagina.vista.selectionModel().select(pagina.modelo.index(f, col), QItemSelectionModel.SelectionFlag.Select)
    _guardar(central, salida / "revision.png")
    _con_dialogo(central, pagina.aprobar_seleccion, salida / "confirmar-aprobar-celdas.png")
    central.close()
    ctx_cen.base.cerrar()


def _borradores_y_ayuda(raiz: Path, salida: Path) -> None:
    """Captura con sus obligatorios marcados y el aviso de borradores, la lista de borradores y la ayuda (F1)."""
    carpeta = raiz / "borradores"
    inicializar(carpeta, SolicitudAlta("municipal", "Oficina Municipal de Atención al Migrante de Suchiate", "Ana López", "07", "07087"), FRASE)
    ctx = _contexto(carpeta)
    ventana = _ventana(ctx)
    _ir(ventana, "captura")
    for titulo, dia in (("Taller con personal del registro civil", 3), ("Reunión con la COMAR sobre la ruta de atención", 5)):
        c = ventana.captura.formulario.controles
        c["titulo"].setText(titulo)
        c["fecha_inicio"].poner(date.today().replace(day=dia))
        c["fecha_fin"].poner(date.today().replace(day=dia))
        ventana.captura.guardar_borrador()
        ventana.captura.nueva(preguntar=False)
    ventana.close()
    ventana = _ventana(ctx)  # al abrir otra vez: el aviso de borradores
    _ir(ventana, "captura")
    _guardar(ventana, salida / "captura-obligatorios-y-borradores.png")
    ventana.captura.mostrar_borradores()
    _encima(ventana, ventana.captura.dialogo_borradores, salida / "borradores.png")
    ventana.captura.dialogo_borradores.reject()
    ventana.ayuda()
    _encima(ventana, ventana.ventana_ayuda, salida / "ayuda.png")
    ventana.ventana_ayuda.reject()
    ventana.close()
    ctx.base.cerrar()


    """Todas las capturas, o solo las de un grupo (`solo`: oficina, mapas o revision)."""
def capturar(salida: Path, solo: str | None = None) -> None:
    """Todas las capturas, o solo las de un grupo (`solo`: oficina, mapas, revision o mesa)."""
    if solo == "mesa":
        capturar_mesa(salida)
        return
    app = QApplication.instance() or QApplication([])
    preparar_aplicacion(app)
    salida.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporal:
        raiz = Path(temporal)
        if solo in (None, "oficina"):
            _borradores_y_ayuda(raiz, salida)
        if solo in (None, "mapas"):
            _mapas(raiz, salida)
        if solo in ("oficina", "mapas"):
            return
        otra = salida if solo is None else raiz / "otras"  # con --solo revision, las demás capturas no se guardan
        otra.mkdir(exist_ok=True)
        if solo is None:
            _asistente(raiz, otra)
        ctx_mun, ctx_est, archivos = _oficinas(raiz)
        if solo is None:
            _recuperar(raiz, ctx_mun, otra)
            _municipal(raiz, ctx_mun, ctx_est, otra)
            _estatal(ctx_est, archivos, otra)
        _central(raiz, ctx_est, otra)
        _revision(raiz, ctx_est, archivos, salida)
        ctx_mun.base.cerrar()
        ctx_est.base.cerrar()
    if solo is None:
        capturar_mesa(salida)


if __name__ == "__main__":
    analizador = argparse.ArgumentParser(description="Capturas de pantalla de la aplicación a 1280×720")
    analizador.add_argument("--salida", type=Path, default=Path("docs/img"))
    analizador.add_argument("--solo", choices=["oficina", "mapas", "revision", "mesa"],
                            help="solo un grupo: oficina (borradores, obligatorios y ayuda), mapas, revision (vista previa y "
                                 "matriz) o mesa (Acciones como mesa de revisión)")
    argumentos = analizador.parse_args()
    capturar(argumentos.salida, argumentos.solo)
