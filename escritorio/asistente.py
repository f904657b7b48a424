"""Asistente de primer uso: crea la oficina de la carpeta con las mismas reglas que `inicializar`, o la recupera de su
respaldo con su archivo de llave y su frase (como `recuperar-oficina`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from base_local.errores import EntradaRechazada
from empaquetado.alta import OficinaCreada, SolicitudAlta, inicializar, revisar
from empaquetado.llaves import FRASE_MINIMA, huella_legible
from escritorio import dialogos
from escritorio import recuperar as recuperacion
from escritorio.accesibilidad import nombrar_controles
from recursos import leer_catalogo

TIPOS = (("municipal", "Oficina municipal"), ("estatal", "Enlace estatal"), ("central", "Coordinación central (CAIMFS)"))


def _nombrar(widget, clave: str):
    widget.setObjectName(clave)
    widget.setAccessibleName(clave)
    return widget


def fuerza(frase: str) -> str:
    """Pista de fuerza de la frase, en palabras."""
    if len(frase) < FRASE_MINIMA:
        return f"Muy corta: faltan {FRASE_MINIMA - len(frase)} caracteres."
    variedad = sum(any(f(c) for c in frase) for f in (str.islower, str.isupper, str.isdigit, str.isspace))
    if len(frase) >= 20 and variedad >= 2:
        return "Fuerte: una oración larga es difícil de adivinar y fácil de recordar."
    return "Aceptable: una frase más larga (20 o más caracteres) sería más segura."


class PaginaOficina(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("¿Qué oficina es esta?")
        self.setSubTitle("Elija el tipo de oficina y su lugar. Una oficina municipal solo ve los municipios de su entidad.")
        forma = QFormLayout(self)
        self.tipo = _nombrar(QComboBox(), "tipo")
        for clave, texto in TIPOS:
            self.tipo.addItem(texto, clave)
        self.entidad = _nombrar(QComboBox(), "entidad")
        for e in leer_catalogo("entidades"):
            self.entidad.addItem(f"{e['cve_ent']} — {e['nombre']}", e["cve_ent"])
        self.municipio = _nombrar(QComboBox(), "municipio")
        self.municipio.setEditable(True)
        self.municipio.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.municipios = leer_catalogo("municipios")
        self.forma = forma
        forma.addRow("&Tipo de oficina:", self.tipo)
        forma.addRow("&Entidad:", self.entidad)
        forma.addRow("&Municipio:", self.municipio)
        self.tipo.currentIndexChanged.connect(self._ajustar)
        self.entidad.currentIndexChanged.connect(self._llenar_municipios)
        self._llenar_municipios()
        self._ajustar()

    def _llenar_municipios(self) -> None:
        self.municipio.clear()
        for m in self.municipios:
            if m["cve_ent"] == self.entidad.currentData():
                marca = " (fronterizo)" if m["fronterizo"] == "1" else ""
                self.municipio.addItem(f"{m['cvegeo']} — {m['municipio']}{marca}", m["cvegeo"])
        completador = QCompleter([self.municipio.itemText(i) for i in range(self.municipio.count())], self.municipio)
        completador.setFilterMode(Qt.MatchFlag.MatchContains)
        completador.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.municipio.setCompleter(completador)

    def _ajustar(self) -> None:
        """Solo se ve lo que ese tipo de oficina necesita: ni municipio para un enlace estatal, ni entidad para la central."""
        tipo = self.tipo.currentData()
        self.forma.setRowVisible(self.entidad, tipo != "central")
        self.forma.setRowVisible(self.municipio, tipo == "municipal")

    def valores(self) -> tuple[str, str | None, str | None]:
        tipo = self.tipo.currentData()
        entidad = self.entidad.currentData() if tipo != "central" else None
        municipio = None
        if tipo == "municipal":
            texto = self.municipio.currentText().split(" — ")[0].strip()
            municipio = texto if texto.isdigit() else self.municipio.currentData()
        return tipo, entidad, municipio


class PaginaDatos(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Nombre y responsable")
        forma = QFormLayout(self)
        self.nombre = _nombrar(QLineEdit(), "nombre")
        self.responsable = _nombrar(QLineEdit(), "responsable")
        forma.addRow("&Nombre de la oficina:", self.nombre)
        forma.addRow("&Persona responsable:", self.responsable)
        self.registerField("nombre*", self.nombre)
        self.registerField("responsable*", self.responsable)


class PaginaFrase(QWizardPage):
    def __init__(self, asistente: AsistenteOficina) -> None:
        super().__init__()
        self.asistente = asistente
        self.setTitle("Frase de acceso")
        self.setSubTitle("Protege la llave con la que se firman los paquetes. Se pide al exportar. No se puede recuperar: guárdela en un lugar seguro.")
        forma = QFormLayout(self)
        self.frase = _nombrar(QLineEdit(), "frase")
        self.frase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeticion = _nombrar(QLineEdit(), "frase_repetida")
        self.repeticion.setEchoMode(QLineEdit.EchoMode.Password)
        self.pista = _nombrar(QLabel(fuerza("")), "pista_frase")
        self.error = _nombrar(QLabel(), "error_asistente")
        self.error.setWordWrap(True)
        self.error.setProperty("nivel", "error")
        forma.addRow("&Frase:", self.frase)
        forma.addRow("&Repítala:", self.repeticion)
        forma.addRow("", self.pista)
        forma.addRow("", self.error)
        self.frase.textChanged.connect(lambda t: self.pista.setText(fuerza(t)))

    def validatePage(self) -> bool:  # noqa: N802
        if self.frase.text() != self.repeticion.text():
            self.error.setText("Las dos frases no coinciden: escríbalas de nuevo.")
            return False
        try:
            self.asistente.crear(self.frase.text())
        except EntradaRechazada as e:
            self.error.setText(str(e))
            return False
        return True


class PaginaFin(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Oficina creada")
        capa = QVBoxLayout(self)
        self.texto = _nombrar(QLabel(), "huella_final")
        self.texto.setWordWrap(True)
        self.texto.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        capa.addWidget(self.texto)

    def mostrar(self, creada: OficinaCreada) -> None:
        grupos = huella_legible(creada.huella).split(" ")
        lineas = "<br>".join(" ".join(grupos[i : i + 4]) for i in range(0, 16, 4))
        self.texto.setText(
            f"La oficina <b>{creada.clave}</b> quedó lista.<br><br>Huella de su llave:<br>"
            f"<span style='font-size:20pt; font-family:monospace'>{lineas}</span><br><br>"
            "Imprima la ficha de registro (Configuración → Guardar mi ficha) y llévela a su oficina superior: "
            "allí compararán esta huella antes de confiar en sus paquetes."
        )


class AsistenteOficina(QWizard):
    def __init__(self, carpeta: Path, url_base: str | None = None) -> None:
        super().__init__()
        self.setObjectName("asistenteOficina")
        self.setWindowTitle("Primer uso — Registro de Acciones — Frontera Sur")
        self.carpeta, self.url_base = carpeta, url_base
        self.creada: OficinaCreada | None = None
        self.oficina, self.datos, self.frase, self.fin = PaginaOficina(), PaginaDatos(), PaginaFrase(self), PaginaFin()
        for pagina in (self.oficina, self.datos, self.frase, self.fin):
            self.addPage(pagina)
        self.frase.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Crear oficina")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Siguiente >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Atrás")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Terminar")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Cancelar")
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # la oficina ya existe: solo queda Terminar
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&Recuperar desde un respaldo…")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, url_base is None)  # solo para la base de la carpeta
        self.customButtonClicked.connect(lambda _boton: self.recuperar())
        self.currentIdChanged.connect(lambda _id: self.button(QWizard.WizardButton.CustomButton1).setVisible(
            url_base is None and self.currentPage() is self.oficina))
        self.elegir_respaldo = lambda: dialogos.elegir_archivo(self, "Respaldo de la oficina", "", "Respaldos (*.sqlite)")
        self.elegir_llave = lambda: dialogos.elegir_archivo(self, "Archivo de llave de la oficina", "", "Llave (*.json)")
        self.pedir_frase = dialogos.pedir_frase
        self.resize(720, 480)
        nombrar_controles(self)

    def reject(self) -> None:
        """Esc en la última página no «cancela» una oficina que ya se creó: termina como Terminar."""
        if self.creada is not None:
            self.accept()
        else:
            super().reject()

    def crear(self, frase: str) -> None:
        tipo, entidad, municipio = self.oficina.valores()
        sol = SolicitudAlta(tipo, self.datos.nombre.text(), self.datos.responsable.text(), entidad, municipio)
        revisar(sol, frase)
        self.creada = inicializar(self.carpeta, sol, frase, self.url_base)
        self.fin.mostrar(self.creada)

    def recuperar(self) -> None:
        """Recuperar una oficina en esta carpeta desde su respaldo y su archivo de llave (computadora nueva)."""
        copia = self.elegir_respaldo()
        llave = self.elegir_llave() if copia else ""
        hecho = recuperacion.recuperar(self, self.carpeta, Path(copia), Path(llave), self.pedir_frase) if llave else None
        if hecho is None:
            return
        self.creada = OficinaCreada(hecho["oficina"], hecho["huella"], self.carpeta)
        dialogos.avisar(self, "Oficina recuperada", hecho["texto"])
        self.accept()
