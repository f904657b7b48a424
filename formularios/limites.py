"""Una sola tabla de límites (textos, listas, cifras, fechas) para el formulario, el Excel, la exportación y la
importación: lo que se acepta abajo nunca se rechaza arriba. También decide qué texto es limpio."""

from __future__ import annotations

import re
from datetime import date

from base_local.errores import EntradaRechazada
from base_local.evidencias import MAX_EVIDENCIA as MAX_EVIDENCIA

# Caracteres máximos de cada texto libre o clave del registro.
TEXTOS: dict[str, int] = {
    "titulo": 500,
    "descripcion": 20_000,
    "resultados": 20_000,
    "localidad": 200,
    "capturado_por": 200,
}
# Caracteres máximos de una observación (la que se escribe y la que llega en un acuse).
OBSERVACION = 20_000
# Caracteres máximos de cada texto libre que no es de un registro (T23). Una nota cabe en la observación que la
# lleva al acuse («… se resolvió conservando …. Nota: …», «Posible duplicado de «título»: …»), nunca la desborda.
LIBRES: dict[str, int] = {
    "observacion": OBSERVACION,
    "nota_conflicto": 19_000,
    "nota_duplicado": 19_000,
    "motivo_revocacion": 2_000,
    "motivo_anulacion": 2_000,
    "motivo_reapertura": 2_000,
    "nombre_oficina": 200,
    "responsable": 200,
    "quien": 200,
}
ETIQUETAS_LIBRES: dict[str, str] = {
    "observacion": "La observación", "nota_conflicto": "La nota", "nota_duplicado": "La nota",
    "motivo_revocacion": "El motivo de la revocación", "motivo_anulacion": "El motivo de la anulación",
    "motivo_reapertura": "El motivo de la reapertura", "nombre_oficina": "El nombre de la oficina",
    "responsable": "El nombre de la persona responsable", "quien": "El nombre de quien decide",
}
# Texto de un catálogo (nombres, notas, definiciones) sin largo propio en la base.
CATALOGO_TEXTO = 2_000
# Caracteres de una misma observación por el número de acciones observadas a la vez: el acuse que las lleva debe
# caber en lo que acepta quien lo aplica (16 MiB, con acentos de dos bytes y el resto del acuse).
OBSERVACION_EN_LOTE = 4_000_000
# Elementos máximos de cada lista y caracteres máximos de cada elemento.
LISTAS: dict[str, tuple[int, int]] = {
    "ordenes_gobierno": (3, 20),
    "instituciones": (50, 300),
    "objetivos_pmm": (23, 3),
    "avisos_reconocidos": (20, 40),
    "retos": (20, 5_000),
    "retos.categorias": (10, 60),
    "evidencias": (50, 255),
}
CONVENIO_TEXTO = 1_000  # instrumento, contrapartes, folio…
GRUPOS_EDAD = 5
MAX_CIFRA = 10_000_000  # personas o atenciones en una sola acción (por sexo y en cada celda de edades)
MAX_EVENTOS = 100_000
FECHA_MINIMA = date(2000, 1, 1)  # nada antes: una fecha así es un error de captura
VIGENCIA_MAXIMA = date(2100, 12, 31)
HISTORIAL: dict[str, int] = {"entradas": 1_000, "quien": 200, "oficina": 20, "operacion": 20}
EXCEL_BYTES = 20 * 1024 * 1024
EXCEL_FILAS = 20_000
EXCEL_DESCOMPRIMIDO = 250 * 1024 * 1024  # suma de los miembros del xlsx ya descomprimidos

# Control C0 salvo tabulador y salto de línea, DEL, control C1 y sustitutos sueltos (no caben en UTF-8).
_PROHIBIDOS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def caracter_prohibido(texto: str) -> str | None:
    """El primer carácter de control del texto (como «U+000B»), o None si está limpio."""
    m = _PROHIBIDOS.search(texto)
    return f"U+{ord(m.group()):04X}" if m else None


def limpiar_saltos(texto: str) -> str:
    """Saltos de línea de Windows o de Mac antiguos como «\\n» (al capturar; nunca al importar)."""
    return texto.replace("\r\n", "\n").replace("\r", "\n") if "\r" in texto else texto


def para_mostrar(texto: str, limite: int) -> str:
    """Texto guardado, sea cual sea, listo para un escritor (xlsx, pdf): sin controles y a lo más `limite` caracteres."""
    texto = _PROHIBIDOS.sub("\ufffd", texto)
    return texto if len(texto) <= limite else texto[: limite - 1] + "…"


def texto_libre(campo: str, texto: str) -> str:
    """T23: la única regla de todo texto libre que no es de un registro (notas, motivos, observaciones, nombres):
    saltos de línea normalizados, sin espacios en los extremos, sin caracteres de control y dentro de `LIBRES`.
    Devuelve el texto como se guarda; si no cumple, EntradaRechazada con el código y lo que hay que corregir (si
    puede quedar vacío lo decide quien llama, con su propio mensaje)."""
    limpio = limpiar_saltos(texto)
    etiqueta, maximo = ETIQUETAS_LIBRES[campo], LIBRES[campo]
    if control := caracter_prohibido(limpio):  # antes de quitar espacios: strip() se llevaría un «\x0b» final
        raise EntradaRechazada(f"{etiqueta} contiene un carácter de control invisible ({control}), como los que trae el "
                               "texto pegado de Word o de un PDF: bórrelo o escriba el texto de nuevo. No se guardó nada.",
                               "CARACTER_DE_CONTROL")
    limpio = limpio.strip()
    if len(limpio) > maximo:
        raise EntradaRechazada(f"{etiqueta} tiene {len(limpio):,} caracteres; el máximo es {maximo:,}. Acórtelo. "
                               "No se guardó nada.", "DEMASIADO_LARGO")
    return limpio
