"""Actualizaciones firmadas de catálogos y metas: la central las publica y cada oficina las aplica sin conexión.

Una actualización es un JSON firmado por la llave de la Coordinación con las filas de los catálogos que cambian
(mismas columnas que `recursos/catalogos/`, más una columna opcional `retirado`). Se aplica una sola vez, en una
transacción, y solo si su versión es más nueva que la de la oficina. La llave de la central no se aprende de la
oficina superior (que podría falsificarla): su huella viene con el programa (`recursos/central.json`) o se fija a
mano con `fijar-central`, comparándola con la ficha impresa de la central.

Una actualización puede traer también `custodia`: los destinatarios age (p. ej. una llave de recuperación que la
Coordinación guarda fuera de línea) a los que toda oficina cifra, además de su superior, cada paquete que exporta.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.catalogos import (
    CARGAS,
    aplicar_filas,
    carga_de,
    comparar,
    guardar_version,
    llave_de_fila,
    version_local,
)
from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import CLAVE_CENTRAL
from base_local.modelos import ActualizacionCatalogos, Ajuste, RetiroCatalogo
from base_local.oficinas import oficina_local
from empaquetado import cifrado, llaves, politica
from empaquetado.confianza import firma_valida, firmar_documento, llave_activa
from empaquetado.formato import json_canonico, version_valida
from empaquetado.politica import AJUSTE_CUSTODIA, AJUSTE_HUELLA_CENTRAL, MAX_CUSTODIA
from formularios import revision_catalogos
from recursos import CARPETA

FORMATO = "fsur-actualizacion/1"
MAX_ARCHIVO = 4 * 1024 * 1024
MAX_FILAS = 5_000
COLUMNA_RETIRO = revision_catalogos.COLUMNA_RETIRO
CAMPOS = {"formato", "oficina", "version", "version_base", "emitida", "llave_publica", "huella", "catalogos", "custodia", "firma"}


def _rechazo(mensaje: str, codigo: str = "ACTUALIZACION_INVALIDA") -> EntradaRechazada:
    return EntradaRechazada(mensaje, codigo)


# --- Versiones ------------------------------------------------------------------------------------------------


def siguiente(version: str) -> str:
    partes = version.split(".")
    return ".".join([*partes[:-1], str(int(partes[-1]) + 1)])


# --- Filas: la misma revisión al publicar y al aplicar --------------------------------------------------------


def _revisar_forma(nombre: str, filas: Any) -> None:
    """La forma de un catálogo de la actualización (lista de filas de texto, a lo más MAX_FILAS), antes de revisarlo."""
    if carga_de(nombre) is None:
        conocidos = ", ".join(c.archivo for c in CARGAS)
        raise _rechazo(f"«{nombre[:60]}» no es un catálogo que se pueda actualizar. Los catálogos son: {conocidos}.")
    if not isinstance(filas, list) or not filas:
        raise _rechazo(f"{nombre}: no trae filas. Quite el archivo o agregue las filas que cambian.")
    if len(filas) > MAX_FILAS:
        raise _rechazo(f"{nombre}: trae {len(filas):,} filas; el máximo es {MAX_FILAS:,}.")
    for n, fila in enumerate(filas, start=2):
        if not isinstance(fila, dict) or not all(isinstance(v, str) for v in fila.values()):
            raise _rechazo(f"{nombre}.csv, fila {n}: cada valor debe ser texto.")


def revisar_catalogos(sesion: Session, catalogos: dict[str, Any]) -> None:
    """T22: las filas pasan la misma revisión que los catálogos del programa, sobre los que ya tiene esta base.
    Rechaza con ACTUALIZACION_INVALIDA nombrando archivo, fila y columna."""
    for nombre, filas in catalogos.items():
        _revisar_forma(nombre, filas)
    try:
        revision_catalogos.revisar(catalogos, revision_catalogos.estado_de(sesion))
    except revision_catalogos.Problema as e:
        raise _rechazo(f"{e} No se aplicó nada de la actualización.") from None


def leer_carpeta(carpeta: Path) -> dict[str, list[dict[str, str]]]:
    """Los CSV de la carpeta que cambian, revisados; cualquier archivo desconocido se rechaza (no se ignora)."""
    if not carpeta.is_dir():
        raise _rechazo(f"{carpeta} no es una carpeta: indique la carpeta con los CSV que cambian.")
    archivos = sorted(p for p in carpeta.iterdir() if p.is_file())
    if not archivos:
        raise _rechazo(f"La carpeta {carpeta} está vacía: ponga ahí solo los CSV de los catálogos que cambian.")
    catalogos: dict[str, list[dict[str, str]]] = {}
    for archivo in archivos:
        if archivo.suffix.lower() != ".csv" or carga_de(archivo.stem) is None:
            raise _rechazo(f"{archivo.name} no es el CSV de un catálogo ({', '.join(c.archivo + '.csv' for c in CARGAS)}).")
        if archivo.stat().st_size > MAX_ARCHIVO:
            raise _rechazo(f"{archivo.name} pesa más de {MAX_ARCHIVO // 1024**2} MB.")
        try:
            texto = archivo.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise _rechazo(f"{archivo.name} no está en UTF-8: guárdelo como «CSV UTF-8».") from None
        filas = []
        for n, fila in enumerate(csv.DictReader(io.StringIO(texto)), start=2):
            if None in fila:
                raise _rechazo(f"{archivo.name}, fila {n}: tiene más valores que columnas el encabezado "
                               "(¿falta la columna «retirado» en la primera fila?).")
            filas.append({k: v or "" for k, v in fila.items()})
        _revisar_forma(archivo.stem, filas)
        catalogos[archivo.stem] = filas
    return catalogos


# --- Llave de la central ----------------------------------------------------------------------------------------


def huella_empaquetada() -> str | None:
    """La huella de la central que viene con el programa (`recursos/central.json`), si la instalación la trae."""
    ruta = CARPETA / "central.json"
    if not ruta.is_file():
        return None
    huella = str(json.loads(ruta.read_text(encoding="utf-8")).get("huella", "")).replace(" ", "").lower()
    return huella if re.fullmatch(r"[0-9a-f]{64}", huella) else None


def huella_central(sesion: Session) -> str | None:
    """Huella de la llave de la Coordinación en la que confía esta oficina (nunca la que dice su superior)."""
    local = oficina_local(sesion)
    if local.tipo == "central":
        propia = llave_activa(sesion, local.clave)
        return propia.huella if propia else None
    fijada = sesion.get(Ajuste, AJUSTE_HUELLA_CENTRAL)
    return fijada.valor if fijada else huella_empaquetada()


def huella_limpia(huella: str) -> str:
    """La huella como se guarda (64 hexadecimales en minúsculas), escrita con o sin espacios; si no lo es, rechaza."""
    limpia = "".join(huella.split()).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", limpia):
        raise EntradaRechazada("La huella son 64 cifras hexadecimales (0-9, A-F), en grupos de cuatro como en la ficha impresa.")
    return limpia


def huella_fijada(sesion: Session) -> str | None:
    fijada = sesion.get(Ajuste, AJUSTE_HUELLA_CENTRAL)
    return fijada.valor if fijada else None


def fijar_huella_central(sesion: Session, huella: str, reemplazar: bool = False) -> dict[str, Any]:
    """Fija la huella de la central copiada de su ficha impresa; cambiarla pide `reemplazar` (la central rotó)."""
    limpia = huella_limpia(huella)
    local = oficina_local(sesion)
    if local.tipo == "central":
        raise EntradaRechazada("Esta oficina es la central: su propia llave firma las actualizaciones.")
    politica.huella_central_admisible(sesion, local, limpia)
    actual = sesion.get(Ajuste, AJUSTE_HUELLA_CENTRAL)
    if actual is not None and actual.valor != limpia and not reemplazar:
        raise EntradaRechazada(
            f"Ya hay otra huella de la central fijada ({llaves.huella_legible(actual.valor)}). Si la central cambió de "
            "llave, compárela con su ficha nueva y repita con --reemplazar.", "CENTRAL_YA_FIJADA")
    if actual is None:
        sesion.add(Ajuste(clave=AJUSTE_HUELLA_CENTRAL, valor=limpia))
    else:
        actual.valor = limpia
    sesion.flush()
    return {"huella": limpia, "texto": f"Huella de la Coordinación fijada: {llaves.huella_legible(limpia)}"}


# --- Publicar y aplicar ---------------------------------------------------------------------------------------


def es_actualizacion(documento: Any) -> bool:
    return isinstance(documento, dict) and documento.get("formato") == FORMATO


def huella_documento(documento: dict[str, Any]) -> str:
    return hashlib.sha256(json_canonico(documento)).hexdigest()


def _revisar_custodia(custodia: Any) -> list[str]:
    if not isinstance(custodia, list) or len(custodia) > MAX_CUSTODIA or len(set(map(str, custodia))) != len(custodia) \
            or not all(cifrado.es_destinatario(d) for d in custodia):
        raise _rechazo(f"«custodia» debe ser una lista de hasta {MAX_CUSTODIA} destinatarios age distintos (age1…).")
    return custodia


def publicar(sesion: Session, carpeta: Path | None, privada: Ed25519PrivateKey, version: str | None = None,
             custodia: list[str] | None = None) -> dict[str, Any]:
    """En la central: aplica aquí los CSV de `carpeta` (si se da) y los destinatarios de `custodia` (si se dan; una
    lista vacía los quita) y devuelve la actualización firmada para las oficinas."""
    local = oficina_local(sesion)
    if local.tipo != "central":
        raise EntradaRechazada("Solo la Coordinación (oficina central) publica actualizaciones de catálogos y metas.",
                               "ACTUALIZACION_AJENA")
    catalogos = leer_carpeta(carpeta) if carpeta is not None else {}
    revisar_catalogos(sesion, catalogos)  # nunca se firma una actualización que las oficinas rechazarían
    if not catalogos and custodia is None:
        raise _rechazo("Indique la carpeta de catálogos (--catalogos), los destinatarios de custodia (--custodia) o ambos.")
    if custodia is not None:
        _revisar_custodia(custodia)
    base = version_local(sesion)
    nueva = version or siguiente(base)
    if not version_valida(nueva):
        raise EntradaRechazada(f"La versión «{nueva}» no tiene la forma AAAA.N (por ejemplo 2026.2).")
    if comparar(nueva, base) <= 0:
        raise EntradaRechazada(f"La versión {nueva} no es posterior a la vigente ({base}).", "ACTUALIZACION_ANTIGUA")
    publica = llaves.publica_cruda(privada)
    cuerpo = {
        "formato": FORMATO, "oficina": local.clave, "version": nueva, "version_base": base,
        "emitida": date.today().isoformat(), "llave_publica": base64.b64encode(publica).decode(),
        "huella": llaves.huella(publica), "catalogos": catalogos,
    }
    if custodia is not None:
        cuerpo["custodia"] = custodia
    documento = firmar_documento(cuerpo, privada)
    aplicar(sesion, documento)
    return documento


def _firmante(sesion: Session, documento: dict[str, Any]) -> str:
    """Huella del firmante si es la llave de la Coordinación que esta oficina tiene fijada; si no, rechaza."""
    confiable = huella_central(sesion)
    if confiable is None:
        raise EntradaRechazada(
            "Esta oficina aún no tiene fijada la huella de la llave de la Coordinación: cópiela de la ficha impresa "
            "de la central con «fijar-central HUELLA» y vuelva a aplicar la actualización.", "CENTRAL_DESCONOCIDA")
    try:
        publica = base64.b64decode(str(documento.get("llave_publica")), validate=True)
    except ValueError:
        publica = b""
    if len(publica) != 32 or llaves.huella(publica) != documento.get("huella"):
        raise EntradaRechazada("La actualización no trae una llave pública válida: no se aplicó.", "ACTUALIZACION_INVALIDA")
    if documento["huella"] != confiable or documento.get("oficina") != CLAVE_CENTRAL:
        raise EntradaRechazada(
            f"La actualización no está firmada por la Coordinación (firma {llaves.huella_legible(documento['huella'])[:19]}…; "
            f"la de la central es {llaves.huella_legible(confiable)[:19]}…). Solo la central publica catálogos y metas; "
            "no se aplicó nada.", "ACTUALIZACION_AJENA")
    if not firma_valida(documento, publica):
        raise EntradaRechazada("La firma de la actualización no corresponde a su contenido: fue alterada. No se aplicó.",
                               "FIRMA_INVALIDA")
    return confiable


def aplicar(sesion: Session, documento: dict[str, Any]) -> dict[str, Any]:
    """Aplica una actualización de la central una sola vez, en la transacción del llamador; rechaza sin escribir."""
    if not es_actualizacion(documento):
        raise _rechazo("El archivo no es una actualización de catálogos de la Coordinación.")
    firmante = _firmante(sesion, documento)
    if sobran := sorted(str(k)[:40] for k in set(documento) - CAMPOS):
        raise _rechazo(f"La actualización trae campos que no existen ({', '.join(sobran[:5])}): una actualización solo agrega, "
                       "cambia o retira filas (columna «retirado»); nunca borra. No se aplicó nada.")
    version, base, catalogos = documento.get("version"), documento.get("version_base"), documento.get("catalogos")
    con_custodia = "custodia" in documento
    if not (version_valida(version) and version_valida(base)) or not isinstance(catalogos, dict) or not (catalogos or con_custodia):
        raise _rechazo("La actualización está incompleta (versión o catálogos): pida a la central que la publique de nuevo.")
    custodia = _revisar_custodia(documento["custodia"]) if con_custodia else None
    huella = huella_documento(documento)
    previa = sesion.get(ActualizacionCatalogos, version)
    if previa is not None and previa.sha256 == huella:
        return {"resultado": "ya_aplicada", "version": version,
                "texto": f"La actualización {version} ya estaba aplicada: no cambió nada."}
    vigente = version_local(sesion)
    if comparar(version, vigente) <= 0:
        raise EntradaRechazada(
            f"La actualización {version} no es más nueva que los catálogos de esta oficina ({vigente}): no se aplicó.",
            "ACTUALIZACION_ANTIGUA")
    if comparar(vigente, base) < 0:
        raise EntradaRechazada(
            f"La actualización {version} se hizo sobre la versión {base} y esta oficina tiene la {vigente}: aplique "
            "primero las actualizaciones intermedias, en orden.", "ACTUALIZACION_FUERA_DE_ORDEN")
    revisar_catalogos(sesion, catalogos)
    conexion = sesion.connection()
    resumen: dict[str, dict[str, int]] = {}
    try:
        for nombre, filas in catalogos.items():
            carga = carga_de(nombre)
            limpias = [{k: v for k, v in f.items() if k != COLUMNA_RETIRO} for f in filas]
            aplicar_filas(conexion, carga, limpias, sobrescribir=True)
            retiradas = 0
            for fila, limpia in zip(filas, limpias, strict=True):
                clave = llave_de_fila(conexion, carga, limpia)
                retirar = fila.get(COLUMNA_RETIRO, "") == "1"
                retiradas += retirar
                sesion.execute(delete(RetiroCatalogo).where(RetiroCatalogo.tabla == carga.tabla, RetiroCatalogo.clave == clave))
                if retirar:
                    sesion.add(RetiroCatalogo(tabla=carga.tabla, clave=clave, version=version, retirado_en=ahora()))
            resumen[nombre] = {"filas": len(filas), "retiradas": retiradas}
        sesion.flush()
    except IntegrityError as e:
        raise _rechazo("La actualización cita una clave que no existe en otro catálogo (por ejemplo, un municipio de "
                       f"una entidad desconocida): no se aplicó. Detalle: {str(e.orig).splitlines()[0][:200]}") from None
    if custodia is not None:
        sesion.merge(Ajuste(clave=AJUSTE_CUSTODIA, valor=json.dumps(custodia)))
    guardar_version(conexion, version)
    sesion.merge(ActualizacionCatalogos(version=version, sha256=huella, firmante=firmante, aplicada_en=ahora(),
                                        resumen=resumen))
    sesion.flush()
    partes = ", ".join(f"{n} {r['filas']} filas" + (f" ({r['retiradas']} retiradas)" if r["retiradas"] else "")
                       for n, r in resumen.items())
    if custodia is not None:
        partes = ", ".join(x for x in (partes, f"{len(custodia)} destinatarios de custodia para cifrar los paquetes") if x)
    return {"resultado": "aplicada", "version": version, "catalogos": resumen,
            "texto": f"Catálogos y metas actualizados a la versión {version}: {partes}."}

