"""Definición de los campos del registro `accion`: las mismas llaves nombran el formulario, el Excel y los paquetes."""

from __future__ import annotations

from dataclasses import dataclass

SEXOS: tuple[str, ...] = ("mujeres", "hombres", "otra_identidad", "sin_dato")
ETIQUETAS_SEXO: dict[str, str] = {
    "mujeres": "Mujeres",
    "hombres": "Hombres",
    "otra_identidad": "Otra identidad",
    "sin_dato": "Sin dato de sexo",
}
ESTADOS: tuple[str, ...] = ("borrador", "lista", "enviada", "aceptada", "observada", "anulada")
ESTADOS_VIVOS: frozenset[str] = frozenset(ESTADOS) - {"anulada"}
ESTADOS_INSTRUMENTO_CON_FIRMA: frozenset[str] = frozenset({"firmado", "en_seguimiento", "concluido"})
CAMPOS_CONVENIO: tuple[str, ...] = (
    "instrumento",
    "contrapartes",
    "fecha_firma",
    "vigencia_hasta",
    "estado_instrumento",
    "folio",
)


@dataclass(frozen=True)
class Campo:
    """Un campo del contrato: llave, etiqueta en español, tipo y catálogo si lo tiene."""

    clave: str
    etiqueta: str
    tipo: str  # texto · texto_largo · fecha · entero · catalogo · lista · matriz · retos · convenio · sistema
    requerido: bool = False
    catalogo: str | None = None
    ayuda: str = ""


CAMPOS: tuple[Campo, ...] = (
    Campo("id", "Identificador", "sistema", ayuda="UUID creado una sola vez; nunca se reutiliza."),
    Campo("revision", "Revisión", "sistema", ayuda="Sube en uno con cada cambio guardado."),
    Campo("oficina_origen", "Oficina de origen", "sistema"),
    Campo("capturado_por", "Capturado por", "sistema"),
    Campo("creado_en", "Creado en", "sistema"),
    Campo("actualizado_en", "Actualizado en", "sistema"),
    Campo("estado", "Estado", "sistema"),
    Campo("fecha_inicio", "Fecha de inicio", "fecha", True, ayuda="AAAA-MM-DD; no puede ser futura."),
    Campo("fecha_fin", "Fecha de término", "fecha", True, ayuda="Igual o posterior a la de inicio."),
    Campo("entidad", "Entidad", "catalogo", True, "entidad"),
    Campo("municipio", "Municipio", "catalogo", True, "municipio", "Clave INEGI de 5 dígitos (p. ej. 07089)."),
    Campo("localidad", "Localidad", "texto"),
    Campo("eje", "Eje estratégico", "catalogo", True, "eje"),
    Campo("linea_accion", "Línea de acción", "catalogo", False, "linea_accion"),
    Campo("actividad_programa", "Actividad del Cuadro 1", "catalogo", False, "actividad_programa"),
    Campo("linea_sectorial", "Línea del Programa Sectorial", "catalogo", False, "linea_sectorial"),
    Campo("tipo_accion", "Tipo de acción", "catalogo", True, "tipo_accion"),
    Campo("modalidad", "Modalidad", "catalogo", True, "modalidad"),
    Campo("titulo", "Título", "texto", True),
    Campo("descripcion", "Descripción", "texto_largo", True),
    Campo("resultados", "Resultados", "texto_largo"),
    Campo("ordenes_gobierno", "Órdenes de gobierno", "lista", False, "orden_gobierno"),
    Campo("instituciones", "Instituciones participantes", "lista", False, "institucion"),
    Campo("objetivos_pmm", "Objetivos del PMM", "lista", True, "objetivo_pmm", "Uno o más, del 1 al 23."),
    Campo("eventos", "Sesiones realizadas", "entero", True, ayuda="Número de sesiones (1 o más)."),
    Campo("unidad_conteo", "Unidad de conteo", "catalogo", True, "unidad_conteo"),
    Campo("poblacion", "Población atendida", "catalogo", True, "poblacion"),
    Campo("mujeres", "Mujeres", "entero", True),
    Campo("hombres", "Hombres", "entero", True),
    Campo("otra_identidad", "Otra identidad", "entero", True),
    Campo("sin_dato", "Sin dato de sexo", "entero", True, ayuda="Personas que no se pudieron desagregar."),
    Campo("total", "Total", "entero", ayuda="Suma de las cuatro columnas de sexo."),
    Campo("edades", "Edad por sexo", "matriz", False, "grupo_edad"),
    Campo("retos", "Retos", "retos", False, "categoria_reto"),
    Campo("evidencias", "Evidencias", "sistema"),
    Campo("convenio", "Convenio o acuerdo", "convenio"),
)

POR_CLAVE: dict[str, Campo] = {c.clave: c for c in CAMPOS}


def etiqueta(clave: str) -> str:
    """Etiqueta en español de un campo (o de un subcampo `convenio.folio`, `edades`…)."""
    base = clave.split(".", 1)[0].split("[", 1)[0]
    campo = POR_CLAVE.get(base)
    return campo.etiqueta if campo else clave
