"""Un lote de archivos recibidos, cada uno por su cuenta (T14): la falla de uno, cualquiera que sea, se informa para
ese archivo con un código y una frase, su transacción se revierte y los demás siguen. Lo usan la CLI (`importar`,
`verificar`) y la página Recepción. Un archivo cifrado (.zip.age) se descifra en flujo con la identidad de esta
oficina (empaquetado/cifrado.py), pedida una sola vez por lote, y luego se verifica como cualquier zip."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from base_local.bitacora import registrar_falla
from base_local.errores import EntradaRechazada, problema_de_disco
from base_local.escritura import escribir_json
from base_local.sesion import Base
from empaquetado.actualizacion import aplicar as aplicar_actualizacion
from empaquetado.actualizacion import es_actualizacion
from empaquetado.acuses import aplicar, es_acuse, hay_municipales, para_municipales
from empaquetado.cifrado import en_claro
from empaquetado.codigos import MENSAJES
from empaquetado.confianza import MAX_ACUSE, leer_documento
from empaquetado.importar import Resultado, importar_archivo
from empaquetado.politica import acuse_bien_formado
from empaquetado.verificar import Verificacion, verificar
from formularios.legible import plural


def _falla(archivo: Path, error: Exception, carpeta_datos: Path | None = None) -> tuple[str, str]:
    """Código y frase de una falla que no es un rechazo: disco lleno o de solo lectura, o una falla del programa."""
    disco = problema_de_disco(error, carpeta_datos)
    if disco is not None:
        return disco
    bitacora = registrar_falla(error, f"Falla al procesar {archivo} (el resto del lote siguió)")
    return "FALLA_AL_PROCESAR", f"{MENSAJES['FALLA_AL_PROCESAR']} ({type(error).__name__}; bitácora: {bitacora})."


Identidad = Callable[[], str]


def una_vez(abrir: Identidad) -> Identidad:
    """La identidad de cifrado se abre (y la frase se pide) una sola vez por lote; un rechazo también se recuerda."""
    memoria: list[str | EntradaRechazada] = []

    def identidad() -> str:
        if not memoria:
            try:
                memoria.append(abrir())
            except EntradaRechazada as e:
                memoria.append(e)
        if isinstance(memoria[0], EntradaRechazada):
            raise memoria[0]
        return memoria[0]

    return identidad


def importar_uno(base: Base, archivo: Path, carpeta_evidencias: Path, *, simular: bool = False,
                 antes_de_escribir: Callable[[], None] | None = None, identidad: Identidad | None = None) -> Resultado:
    """importar_archivo, pero nunca lanza: cualquier falla queda como un Resultado «rechazado» con su código.
    Un .zip.age se descifra primero con `identidad` (se llama solo si hace falta)."""
    try:
        with en_claro(archivo, identidad, carpeta_evidencias.parent) as (claro, para):
            r = importar_archivo(base, claro, carpeta_evidencias, simular=simular, antes_de_escribir=antes_de_escribir, para=para)
        r.archivo = str(archivo)
        return r
    except EntradaRechazada as e:
        return Resultado(str(archivo), "rechazado", e.codigo, str(e))
    except Exception as e:  # noqa: BLE001 — la falla de un archivo nunca detiene el lote
        codigo, mensaje = _falla(archivo, e, carpeta_evidencias.parent)
        return Resultado(str(archivo), "rechazado", codigo, mensaje)


def importar_lote(base: Base, archivos: Iterable[Path], carpeta_evidencias: Path, *, simular: bool = False,
                  antes_de_escribir: Callable[[], None] | None = None, identidad: Identidad | None = None) -> list[Resultado]:
    """Cada paquete en su propia transacción; el resultado de cada uno, en el mismo orden."""
    identidad = una_vez(identidad) if identidad else None
    return [importar_uno(base, a, carpeta_evidencias, simular=simular, antes_de_escribir=antes_de_escribir, identidad=identidad)
            for a in archivos]


def verificar_uno(base: Base, archivo: Path, identidad: Identidad | None = None, carpeta: Path | None = None) -> Verificacion:
    """verificar en su propia transacción (que no escribe nada), sin lanzar nunca; un .zip.age se descifra antes
    en un temporal de `carpeta` (la carpeta de datos)."""
    try:
        with en_claro(archivo, identidad, carpeta) as (claro, para), base.transaccion() as s:
            return verificar(s, claro, para)
    except EntradaRechazada as e:
        return Verificacion(False, e.codigo, str(e))
    except Exception as e:  # noqa: BLE001 — ídem
        codigo, mensaje = _falla(archivo, e)
        return Verificacion(False, codigo, mensaje)


def aplicar_acuse(base: Base, archivo: Path, *, salida: Path | Callable[[], Path | None] | None = None,
                  llave: Callable[[], Ed25519PrivateKey] | None = None, autor: str = "") -> dict[str, Any]:
    """Lee un acuse o una actualización de catálogos de la central (JSON estricto y acotado) y lo aplica en su
    transacción; un rechazo o una falla quedan en el resultado.

    En una estatal, el acuse de la central se reenvía: con `llave` (se pide solo si hace falta) escribe en `salida`
    (por omisión, la carpeta del acuse; si es una función, se le pregunta solo si hace falta, y None es «cancelar»)
    `acuse-<oficina>-<secuencia>.json` por cada paquete municipal concernido."""
    try:
        documento = leer_documento(archivo, "un acuse de recibo", MAX_ACUSE)
        if es_actualizacion(documento):
            with base.transaccion() as s:
                hecho = aplicar_actualizacion(s, documento)
            return {"archivo": str(archivo), **hecho, "resultado": f"actualizacion_{hecho['resultado']}"}
        if not es_acuse(documento):
            raise EntradaRechazada(f"{archivo.name} no es un acuse de recibo ni una actualización de catálogos "
                                   "(su «formato» no es fsur-acuse/1 ni fsur-actualizacion/1).", "ESQUEMA_INVALIDO")
        with base.transaccion() as s:
            hecho = aplicar(s, documento)
        return {"archivo": str(archivo), "resultado": "acuse_aplicado", **hecho,
                **_reenviar(base, documento, salida or archivo.parent, llave, autor, hecho["texto"])}
    except EntradaRechazada as e:
        return {"archivo": str(archivo), "resultado": "rechazado", "codigo": e.codigo, "mensaje": str(e)}
    except Exception as e:  # noqa: BLE001 — ídem
        codigo, mensaje = _falla(archivo, e)
        return {"archivo": str(archivo), "resultado": "rechazado", "codigo": codigo, "mensaje": mensaje}


def _hay_uno_mas_reciente(ruta: Path, documento: dict[str, Any]) -> bool:
    """¿Ya hay en `ruta` un acuse para el mismo paquete y oficina emitido después? Un acuse viejo de la central
    aplicado otra vez no pisa el archivo que lleva el resultado nuevo. Lo que no es un acuse legible se reemplaza."""
    if ruta.is_symlink() or not ruta.is_file():
        return False
    try:
        previo = leer_documento(ruta, "un acuse de recibo", MAX_ACUSE)
        emitido = acuse_bien_formado(previo)
    except EntradaRechazada:
        return False
    return (previo["paquete"], previo["oficina_destino"]) == (documento["paquete"], documento["oficina_destino"]) \
        and emitido > acuse_bien_formado(documento)


def _reenviar(base: Base, acuse: dict[str, Any], carpeta: Path | Callable[[], Path | None],
              llave: Callable[[], Ed25519PrivateKey] | None, autor: str, texto: str) -> dict[str, Any]:
    """Los acuses de las municipales (estatal, acuse de la central); el acuse de la central ya quedó aplicado, así que
    si esto falla basta con volver a aplicarlo (da lo mismo dos veces)."""
    with base.transaccion() as s:
        if not hay_municipales(s, acuse):
            return {}
    if llave is None:
        return {"reenviados": [], "texto": f"{texto}\nFalta firmar los acuses de sus oficinas municipales: vuelva a aplicar "
                                           "este acuse con su frase de acceso."}
    if callable(carpeta) and (carpeta := carpeta()) is None:
        return {"reenviados": [], "texto": f"{texto}\nNo se escribieron los acuses de sus oficinas municipales: no se eligió "
                                           "la carpeta. Vuelva a aplicar este acuse (da lo mismo dos veces) y elija dónde escribirlos."}
    try:
        privada = llave()
        with base.transaccion() as s:
            documentos, avisos = para_municipales(s, acuse, privada, autor)
        escritos = []
        for nombre, documento in documentos:
            if _hay_uno_mas_reciente(carpeta / nombre, documento):
                avisos.append(f"{nombre} no se reescribió: en {carpeta} ya hay uno más reciente para ese paquete "
                              "(de un acuse posterior de la central); lleve ese.")
                continue
            escribir_json(carpeta / nombre, documento)
            escritos.append(str(carpeta / nombre))
    except EntradaRechazada as e:
        return {"reenviados": [], "aviso_reenvio": e.codigo,
                "texto": f"{texto}\nNo se escribieron los acuses de sus oficinas municipales: {e}"}
    except Exception as e:  # noqa: BLE001 — el acuse de la central ya quedó aplicado: se dice qué faltó, no se oculta
        codigo, mensaje = _falla(carpeta, e) if problema_de_disco(e) or not isinstance(e, OSError) \
            else ("SALIDA_INVALIDA", f"{MENSAJES['SALIDA_INVALIDA']} ({e.strerror or type(e).__name__})")
        return {"reenviados": [], "aviso_reenvio": codigo,
                "texto": f"{texto}\nNo se escribieron los acuses de sus oficinas municipales en {carpeta}: {mensaje}"}
    oficinas = sorted({nombre.split("-")[1] for nombre, _ in documentos})
    nombradas = ", ".join(oficinas[:10]) + (f" y {len(oficinas) - 10} más" if len(oficinas) > 10 else "")
    lineas = [f"{plural(len(escritos), 'acuse escrito', 'acuses escritos')} para sus oficinas municipales ({nombradas or 'ninguna'}) "
              f"en {carpeta}, uno por paquete que recibió de ellas: llévelos a cada oficina.", *avisos]
    return {"reenviados": escritos, "avisos_reenvio": avisos, "texto": "\n".join([texto, *lineas])}
