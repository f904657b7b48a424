"""Exportación: lo nuevo o cambiado desde el paquete anterior, en una bolsa BagIt firmada y encadenada, y luego
cifrada con age para la oficina superior y la custodia (firmar y luego cifrar). En `enviados/` quedan el zip firmado
(la copia que esta oficina puede comprobar) y el `.zip.age` que viajó, byte a byte."""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import case, func, select, text, update
from sqlalchemy.orm import Session

from base_local.acciones import acciones_como_dicts, ahora, historial_de_varias
from base_local.apertura import mensaje_danada
from base_local.consultas_catalogo import leer_catalogos
from base_local.errores import EntradaRechazada
from base_local.evidencias import EvidenciaNoDisponible, leer_evidencia
from base_local.modelos import Accion, Ajuste, PaqueteSalida
from base_local.oficinas import oficina_local
from base_local.periodos import limites, periodo_de
from base_local.recolector import sin_recolector
from base_local.respaldos import BaseDanada, RevisionEnCurso
from base_local.rutas import Rutas
from base_local.sesion import Base as BaseDatos
from empaquetado import cifrado, llaves, politica
from empaquetado import formato as f
from formularios.campos import SEXOS
from formularios.reglas import HUELLA_REGLAS, Contexto, errores, validar


@dataclass
class Preparacion:
    """Qué saldría en el próximo paquete y qué se queda fuera por errores."""

    registros: list[dict[str, Any]] = field(default_factory=list)
    excluidos: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, título, errores)
    periodo: str = ""
    trimestres: list[str] = field(default_factory=list)  # todos los que tocan sus registros, del más viejo al más nuevo
    version_catalogos: str = ""  # la que tenía el remitente: la central ve quién corre catálogos viejos


@dataclass(frozen=True)
class PaqueteEscrito:
    id: str
    archivo: Path
    secuencia: int
    huella: str
    registros: int
    excluidos: list[tuple[str, str, list[str]]]
    enviado: Path  # la copia que se guarda en la carpeta de datos (enviados/): el .zip.age si va cifrado
    claro: Path | None = None  # el zip firmado en enviados/ (el mismo que `enviado` si no va cifrado)
    aviso: str = ""  # por qué salió sin cifrar, para mostrarlo
    cifrado_para: list[dict[str, str]] = field(default_factory=list)  # [{"para", "huella"}] firmados en envio.json


def _extension(nombre: str) -> str:
    ext = Path(nombre).suffix.lower().lstrip(".")
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "bin"


def preparar(sesion: Session, periodo: str | None = None) -> Preparacion:
    """Registros pendientes de envío (sin borradores), validados con las reglas de siempre.

    Lo que se guardó sin errores con estas mismas reglas y catálogos (`validada_con`) no se valida otra vez.
    """
    local = oficina_local(sesion)
    ctx = Contexto(leer_catalogos(sesion), local.jurisdiccion)
    condiciones: tuple = (Accion.pendiente_envio, Accion.estado != "borrador")
    if periodo:
        condiciones += (Accion.fecha_inicio.between(*limites(periodo)),)
    ajuste = sesion.get(Ajuste, "version_catalogos")
    prep = Preparacion(periodo=periodo or "", version_catalogos=ajuste.valor if ajuste else "")
    periodos = set()
    for datos in acciones_como_dicts(sesion, condiciones, (Accion.creado_en, Accion.id), extras=("validada_con",)):
        validada = datos.pop("validada_con") == HUELLA_REGLAS
        if datos["estado"] != "anulada" and not validada:
            malos = errores(validar({**datos, "total": None}, ctx)[1])
            if malos:
                prep.excluidos.append((datos["id"], datos["titulo"], [m.texto for m in malos]))
                continue
        if datos["estado"] == "lista":
            datos["estado"] = "enviada"
        prep.registros.append(datos)
        if datos["fecha_inicio"]:
            periodos.add(periodo_de(date.fromisoformat(datos["fecha_inicio"])))
    historiales = historial_de_varias(sesion, [r["id"] for r in prep.registros])
    for r in prep.registros:
        r["historial"] = historiales[r["id"]]
    prep.periodo = prep.periodo or (max(periodos) if periodos else periodo_de(ahora().date()))
    prep.trimestres = sorted(periodos)
    return prep


def _evidencias_de(r: dict[str, Any], carpeta_evidencias: Path) -> dict[str, bytes] | str:
    """{miembro: bytes} de las evidencias de un registro, o el motivo por el que no se pueden enviar.

    Las rutas salen solo de huellas validadas dentro de la carpeta de datos (T12); cada archivo se lee acotado y se
    comprueba contra su huella y su tamaño, así que nunca sale un archivo ajeno, un directorio ni un dispositivo.
    """
    archivos = {}
    for e in r.get("evidencias") or []:
        try:
            archivos[f"{f.EVIDENCIAS}{e['sha256']}.{_extension(e['nombre'])}"] = leer_evidencia(carpeta_evidencias, e["sha256"], e["tamano"])
        except EvidenciaNoDisponible as motivo:
            return f"Evidencia «{e['nombre'][:80]}»: {motivo} Vuelva a adjuntarla o quítela del registro."
    return archivos


def apartar_sin_evidencias(prep: Preparacion, carpeta_evidencias: Path) -> dict[str, bytes]:
    """Evidencias del paquete; los registros cuyas evidencias no se pueden enviar pasan a `excluidos` (su
    superior los rechazaría por citar evidencias ausentes)."""
    archivos: dict[str, bytes] = {}
    quedan = []
    for r in prep.registros:
        propias = _evidencias_de(r, carpeta_evidencias)
        if isinstance(propias, str):
            prep.excluidos.append((r["id"], r["titulo"], [propias]))
        else:
            archivos |= propias
            quedan.append(r)
    prep.registros = quedan
    return archivos


def _archivos_datos(prep: Preparacion, carpeta_evidencias: Path) -> dict[str, bytes]:
    evidencias = apartar_sin_evidencias(prep, carpeta_evidencias)
    return {f.ACCIONES: b"".join(f.json_canonico(r) + b"\n" for r in prep.registros), **evidencias}


def construir_zip(
    prep: Preparacion, privada: Ed25519PrivateKey, *, oficina: Any, secuencia: int, anterior: str,
    id_paquete: str, carpeta_evidencias: Path, cifrado_para: list[dict[str, str]] | None = None,
) -> tuple[bytes, str]:
    """Bytes del zip y huella del paquete (SHA-256 del tagmanifest firmado). `cifrado_para` (huellas de los
    destinatarios age) va dentro del envio.json firmado."""
    datos = _archivos_datos(prep, carpeta_evidencias)
    publica = llaves.publica_cruda(privada)
    vivos = [r for r in prep.registros if r["estado"] != "anulada"]
    envio = {
        "formato": f.FORMATO, "id": id_paquete, "oficina": oficina.clave, "nombre_oficina": oficina.nombre,
        "secuencia": secuencia, "sha256_anterior": anterior, "periodo": prep.periodo,
        "creado_en": ahora().isoformat() + "Z", "huella_firmante": llaves.huella(publica),
        "version_catalogos": prep.version_catalogos,
        "conteos": {
            "registros": len(prep.registros), "anuladas": len(prep.registros) - len(vivos),
            "evidencias": len(datos) - 1, **{s: sum(r[s] for r in vivos) for s in (*SEXOS, "total")},
        },
    }
    if cifrado_para:
        envio["cifrado_para"] = cifrado_para
    oxum = f"{sum(len(d) for d in datos.values())}.{len(datos)}"
    etiquetas = {
        "bagit.txt": f.BAGIT_TXT,
        "bag-info.txt": (
            f"Source-Organization: {oficina.nombre}\nExternal-Identifier: urn:uuid:{id_paquete}\n"
            f"Bagging-Date: {ahora().date().isoformat()}\nPayload-Oxum: {oxum}\n"
        ).encode(),
        "envio.json": f.json_canonico(envio),
        "manifest-sha256.txt": f.manifiesto(datos),
    }
    tagmanifest = f.manifiesto(etiquetas)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, contenido in {**etiquetas, **datos}.items():
            z.writestr(f.RAIZ + nombre, contenido)
        z.writestr(f.RAIZ + f.TAGMANIFEST, tagmanifest)
        z.writestr(f.RAIZ + f.FIRMA, privada.sign(tagmanifest))
        z.writestr(f.RAIZ + f.PUBLICA, llaves.publica_pem(publica))
    return buffer.getvalue(), f.sha256(tagmanifest)


def nombre_paquete(oficina: str, secuencia: int, periodo: str) -> str:
    return f"envio-{oficina}-{secuencia:04d}-{periodo}.zip"


def _a_disco(destino: Path, contenido: bytes) -> None:
    """Escribe y fuerza a disco (fsync) antes de seguir."""
    with open(destino, "wb") as archivo:
        archivo.write(contenido)
        archivo.flush()
        os.fsync(archivo.fileno())


def _sincronizar(carpeta: Path) -> None:
    """Fuerza a disco los nombres de la carpeta (un renombrado sobrevive a un corte de luz)."""
    if os.name == "posix":
        descriptor = os.open(carpeta, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def huella_de_zip(archivo: Path) -> str | None:
    """Huella de un paquete escrito por esta oficina (SHA-256 de su tagmanifest) si cada archivo concuerda con sus
    manifiestos; None si está dañado o alterado."""
    try:
        with zipfile.ZipFile(archivo) as z:
            etiquetas = z.read(f.RAIZ + f.TAGMANIFEST)
            listas = [f.leer_manifiesto(etiquetas), f.leer_manifiesto(z.read(f.RAIZ + "manifest-sha256.txt"))]
            if None in listas or f.RAIZ + f.FIRMA not in z.namelist():
                return None
            for nombre, esperada in {**listas[0], **listas[1]}.items():
                suma = hashlib.sha256()
                with z.open(f.RAIZ + nombre) as miembro:
                    while bloque := miembro.read(1 << 20):
                        suma.update(bloque)
                if suma.hexdigest() != esperada:
                    return None
            return f.sha256(etiquetas)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return None


def _provisional(final: Path) -> Path:
    return final.with_name(final.name + ".parcial")


def en_claro(archivo: Path) -> Path:
    """El zip firmado de un paquete escrito por esta oficina: `envio-….zip` para `envio-….zip.age`."""
    return archivo.with_name(archivo.name.removesuffix(cifrado.EXTENSION))


def _registrado(sesion: Session, nombre_zip: str) -> PaqueteSalida | None:
    """El paquete enviado cuyo archivo es `nombre_zip` o su versión cifrada."""
    fila = sesion.scalar(select(PaqueteSalida).where(PaqueteSalida.archivo.like(f"%{nombre_zip}%")).limit(1))
    if fila is None or en_claro(Path(fila.archivo)).name != nombre_zip:
        return None
    return fila


def sanear_enviados(sesion: Session, enviados: Path) -> None:
    """Tras un corte: un provisional ya registrado toma su nombre final; uno sin registro (el corte fue antes del
    commit) se borra, así nunca queda un paquete N con nombre que la base no conoce. El .zip.age provisional se
    conserva solo si su zip firmado quedó registrado."""
    if not enviados.is_dir():
        return
    for provisional in enviados.glob("*.zip.parcial"):
        final = provisional.with_name(provisional.name.removesuffix(".parcial"))
        fila = _registrado(sesion, final.name)
        if fila is not None and huella_de_zip(provisional) == fila.sha256:
            os.replace(provisional, final)
        else:
            provisional.unlink()
    for provisional in enviados.glob(f"*.zip{cifrado.EXTENSION}.parcial"):
        final = provisional.with_name(provisional.name.removesuffix(".parcial"))
        fila = _registrado(sesion, en_claro(final).name)
        if fila is not None and Path(fila.archivo).name == final.name and huella_de_zip(en_claro(final)) == fila.sha256:
            os.replace(provisional, final)
        else:
            provisional.unlink()
    _sincronizar(enviados)


@contextmanager
def _cache_amplio(sesion: Session) -> Iterator[None]:
    """En SQLite, una caché de páginas de 64 MiB mientras se marcan miles de acciones (cada fila toca sus índices
    de estado y de pendientes; con la de 2 MiB de siempre, las páginas se releen): un cuarto menos de CPU. Al salir
    vuelve la de antes."""
    if sesion.get_bind().dialect.name != "sqlite":
        yield
        return
    antes = int(sesion.execute(text("PRAGMA cache_size")).scalar_one())
    sesion.execute(text("PRAGMA cache_size=-65536"))
    try:
        yield
    finally:
        sesion.execute(text(f"PRAGMA cache_size={antes}"))


def exportar(
    sesion: Session, prep: Preparacion, privada: Ed25519PrivateKey, salida: Path, rutas: Rutas,
    progreso: Callable[[int, int], None] | None = None,
) -> PaqueteEscrito:
    """Primera fase, en la transacción del llamador: los bytes del paquete quedan en disco bajo un nombre
    provisional de `enviados/`, sus registros se marcan y el paquete se registra. Ningún archivo lleva aún el
    nombre final: eso lo hace `publicar`, después del commit."""
    local = oficina_local(sesion)
    sanear_enviados(sesion, rutas.enviados)
    ultimo = sesion.scalar(
        select(PaqueteSalida).where(PaqueteSalida.oficina == local.clave).order_by(PaqueteSalida.secuencia.desc()).limit(1)
    )
    secuencia = (ultimo.secuencia + 1) if ultimo else 1
    id_paquete = str(uuid.uuid4())
    para, aviso = politica.destinatarios_del_envio(sesion, local)
    cifrado_para = [{"para": quien, "huella": cifrado.huella(d)} for quien, d in para]
    contenido, huella = construir_zip(
        prep, privada, oficina=local, secuencia=secuencia, anterior=ultimo.sha256 if ultimo else "",
        id_paquete=id_paquete, carpeta_evidencias=rutas.evidencias, cifrado_para=cifrado_para,
    )
    claro = nombre_paquete(local.clave, secuencia, prep.periodo)
    nombre = claro + cifrado.EXTENSION if para else claro
    rutas.enviados.mkdir(parents=True, exist_ok=True)
    _a_disco(_provisional(rutas.enviados / claro), contenido)
    del contenido
    if para:  # firmar y luego cifrar: el zip entero, en flujo, antes de publicar
        cifrado.cifrar_a_archivo(_provisional(rutas.enviados / claro), _provisional(rutas.enviados / nombre), [d for _, d in para])
    ids = [r["id"] for r in prep.registros]
    with _cache_amplio(sesion):
        for inicio in range(0, len(ids), 5000):  # marcar enviados en lote, sin cargar objetos
            lote = ids[inicio : inicio + 5000]
            sesion.execute(update(Accion).where(Accion.id.in_(lote)).values(
                pendiente_envio=False, paquete_envio=id_paquete,
                estado=case((Accion.estado == "lista", "enviada"), else_=Accion.estado)))
            if progreso:
                progreso(min(inicio + 5000, len(ids)), len(ids))
    sesion.add(PaqueteSalida(
        id=id_paquete, oficina=local.clave, secuencia=secuencia, sha256=huella,
        sha256_anterior=ultimo.sha256 if ultimo else "", periodo=prep.periodo, trimestres=" ".join(prep.trimestres), creado_en=ahora(),
        registros=len(ids), archivo=str(salida / nombre),
    ))
    sesion.flush()
    return PaqueteEscrito(id_paquete, salida / nombre, secuencia, huella, len(ids), prep.excluidos, rutas.enviados / nombre,
                          rutas.enviados / claro, aviso, cifrado_para)


def copiar(origen: Path, salida: Path) -> Path:
    """Copia atómica a `salida` (otra memoria USB): el nombre final aparece solo con los bytes completos en disco."""
    salida.mkdir(parents=True, exist_ok=True)
    destino = salida / origen.name
    temporal = _provisional(destino)
    _a_disco(temporal, origen.read_bytes())
    os.replace(temporal, destino)
    _sincronizar(salida)
    return destino


def publicar(hecho: PaqueteEscrito) -> Path:
    """Segunda fase, después del commit: el paquete (el zip firmado y, si va cifrado, su .zip.age) toma su nombre
    final en `enviados/` y se copia a la salida."""
    for final in dict.fromkeys((hecho.claro or hecho.enviado, hecho.enviado)):
        provisional = _provisional(final)
        if provisional.exists():
            os.replace(provisional, final)
    _sincronizar(hecho.enviado.parent)
    if hecho.archivo.parent.resolve() == hecho.enviado.parent.resolve():
        return hecho.enviado
    return copiar(hecho.enviado, hecho.archivo.parent)


def _revision_a_la_par(base: BaseDatos, rutas: Rutas) -> Callable[[], None]:
    """Arranca `PRAGMA integrity_check` del SQLite en otro hilo (con su propia conexión) y devuelve la función que
    espera su resultado y lanza `BaseDanada` si la base está dañada. En PostgreSQL no hay archivo que revisar."""
    archivo = base.archivo
    if archivo is None or not archivo.exists():
        return lambda: None
    revision = RevisionEnCurso(archivo)

    def comprobar() -> None:
        if (problema := revision.problema()) is not None:
            raise BaseDanada(mensaje_danada(archivo, problema, rutas.respaldos))

    return comprobar


@sin_recolector()
def exportar_y_publicar(
    base: BaseDatos, rutas: Rutas, privada: Callable[[], Ed25519PrivateKey], salida: Path, periodo: str | None = None,
    progreso: Callable[[int, int], None] | None = None,
) -> tuple[Preparacion, PaqueteEscrito | None]:
    """Exporta en una transacción y publica solo después de confirmarla (T16). `privada` se pide solo si hay algo
    que enviar. Sin registros pendientes no escribe nada.

    En SQLite la revisión completa de integridad corre a la par de la exportación (otro hilo, otra conexión) y se
    espera antes de confirmar: de una base dañada no se publica nada, no se marca nada como enviado y los archivos
    provisionales se borran (`BaseDanada`). Por eso quien solo exporta puede abrir la base sin revisarla antes.
    """
    sana = _revision_a_la_par(base, rutas)
    if rutas.enviados.is_dir() and any(rutas.enviados.glob("*.parcial")):
        sana()  # sanear_enviados renombra o borra según lo que diga la base: primero, que esté sana
    hecho = None
    try:
        with base.transaccion() as s:
            prep = preparar(s, periodo)
            if prep.registros:
                hecho = exportar(s, prep, privada(), salida, rutas, progreso)
            sana()  # antes del commit: si la base está dañada, se revierte todo
    except BaseException as error:
        if hecho is not None:  # no se confirmó: los provisionales no son ningún paquete
            _provisional(hecho.enviado).unlink(missing_ok=True)
            _provisional(hecho.claro or hecho.enviado).unlink(missing_ok=True)
        if isinstance(error, Exception) and not isinstance(error, BaseDanada):
            sana()  # una lectura que falló por el daño se informa como base dañada, no como falla interna
        raise
    if hecho is None:
        return prep, None
    try:
        publicar(hecho)
    except OSError as e:
        raise EntradaRechazada(
            f"El paquete {hecho.secuencia} quedó registrado y guardado en {hecho.enviado.parent}, pero no se pudo escribir "
            f"en {salida} ({e.strerror or e}). Revise la memoria y use «Reenviar…» en Envíos (o exportar --reenviar "
            f"{hecho.secuencia}).", "SALIDA_FALLIDA") from None
    return prep, hecho


def reenviar(sesion: Session, rutas: Rutas, secuencia: int, salida: Path) -> Path:
    """Escribe en `salida` los mismos bytes del paquete `secuencia` ya enviado (la copia guardada en `enviados/`)."""
    local = oficina_local(sesion)
    fila = sesion.scalar(select(PaqueteSalida).where(PaqueteSalida.oficina == local.clave, PaqueteSalida.secuencia == secuencia))
    if fila is None:
        raise EntradaRechazada(f"Esta oficina no ha enviado un paquete {secuencia}: vea la lista en Envíos.", "PAQUETE_NO_ENVIADO")
    sanear_enviados(sesion, rutas.enviados)
    guardado = rutas.enviados / Path(fila.archivo).name
    if not guardado.exists() and Path(fila.archivo).exists() and huella_de_zip(Path(fila.archivo)) == fila.sha256:
        guardado = copiar(Path(fila.archivo), rutas.enviados)  # un paquete de antes de que existiera enviados/
    if huella_de_zip(en_claro(guardado)) != fila.sha256 or not guardado.exists():
        raise EntradaRechazada(
            f"La copia guardada del paquete {secuencia} ({guardado}) falta o no coincide con la huella registrada: "
            "no se escribió nada. Si tiene el archivo original en otra memoria, envíe ese.", "ENVIADO_PERDIDO")
    return copiar(guardado, salida)


def paquetes_enviados(sesion: Session) -> int:
    return sesion.scalar(select(func.count()).select_from(PaqueteSalida)) or 0


def escribir_caratula(sesion, archivo: Path, huella: str, claro: Path | None = None) -> Path:
    """Carátula PDF junto al paquete, con los datos firmados de su envio.json (leídos del zip firmado `claro`
    cuando el paquete va cifrado)."""
    import zipfile

    from base_local.oficinas import oficina_local
    from empaquetado import formato as f
    from empaquetado.json_estricto import cargar
    from reportes.hojas import caratula

    with zipfile.ZipFile(claro or archivo) as z:
        envio = cargar(z.read("envio/envio.json"), "envio.json", f.MAX_ETIQUETA)
    destino = archivo.with_name(Path(en_claro(archivo).name).stem + "-caratula.pdf")
    return caratula(destino, envio, huella, oficina_local(sesion).responsable, str(archivo))
