"""Política de confianza (CONFIANZA.md) en un solo lugar: qué registros puede traer cada firmante, qué llave puede
firmar qué, qué acuse se aplica, qué ficha se registra, cuándo encadena un paquete y qué cambio a un trimestre aprobado
espera aprobación. Importar, la vista previa (`importar --simular`, Recepción), los acuses y el registro de oficinas
la consultan; ninguno decide por su cuenta. Una regla de las primeras secciones que no se cumple lanza `Rechazo` con
su código estable (empaquetado/codigos.py); las de la cadena devuelven su motivo. Ninguna escribe nada."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base_local.insercion import en_lista
from base_local.jurisdiccion import CLAVE_CENTRAL, Jurisdiccion, clave_concuerda, leer_clave, superior_de
from base_local.modelos import Accion, AcuseAplicado, Ajuste, Llave, Oficina, PaqueteEntrada, PaqueteSalida
from base_local.oficinas import DatosOficina
from empaquetado.codigos import Rechazo
from formularios import limites

SECUENCIA_MAXIMA = 1_000_000_000
LOTE = 2000
_HUELLA = re.compile(r"[0-9a-f]{64}")
_ID_PAQUETE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,35}")

# --- Claves de oficina (T2, T8) ---------------------------------------------------------------------------------
# Una sola gramática, `base_local.jurisdiccion.leer_clave`: CAIMFS, E + una de las cuatro entidades (E07), M + un
# municipio del catálogo (M07089). La usan inicializar, las fichas, los avisos, los paquetes y los acuses.


def _corta(valor: Any) -> str:
    """Un valor recibido, acotado para nombrarlo en un mensaje."""
    return repr(valor)[:40]


def es_huella(valor: Any) -> bool:
    """64 dígitos hexadecimales en minúsculas: la única forma de una huella de llave o de paquete."""
    return isinstance(valor, str) and _HUELLA.fullmatch(valor) is not None


def es_id(valor: Any) -> bool:
    """Un identificador de acción o de paquete: texto corto sin caracteres de control."""
    return isinstance(valor, str) and 0 < len(valor) <= 36 and valor.isprintable()


def es_id_de_paquete(valor: Any) -> bool:
    """El id de un paquete recibido: letras, dígitos, «-» y «_», a lo más 36 (un UUID). Va en nombres de archivo
    (`acuse-<oficina>-<paquete>.json`): nunca una ruta («../», «/», «:»), en ningún sistema."""
    return isinstance(valor, str) and _ID_PAQUETE.fullmatch(valor) is not None


# --- Propiedad de los registros (T1, T2) ------------------------------------------------------------------------


def habla_por(firmante: str, origen: str) -> bool:
    """El firmante S puede traer un registro de origen O si O es S, o si S es estatal y O una municipal de su
    entidad. Una municipal nunca reenvía; la central no envía a nadie."""
    s, o = leer_clave(firmante), leer_clave(origen)
    if s is None or o is None:
        return False
    return firmante == origen or (s.tipo == "estatal" and o.tipo == "municipal" and o.entidad == s.entidad)


class Propiedad:
    """Decide, registro por registro, si el firmante puede traer cada registro de un paquete a este receptor."""

    def __init__(self, sesion: Session, firmante: str) -> None:
        self.sesion = sesion
        self.firmante = firmante
        self.revocadas = set(sesion.scalars(select(Oficina.clave).where(Oficina.estado == "revocada")))
        self.pendientes: dict[str, str] = {}
        self.origenes: dict[str, tuple[Any, bool, bool]] = {}  # lo que solo depende del origen, una vez por origen
        self.existentes: set[str] = set()  # los ids del paquete que ya estaban en la base

    def revisar(self, r: dict[str, Any]) -> None:
        ident, origen = r["id"][:40], r["oficina_origen"]
        if origen not in self.origenes:
            self.origenes[origen] = (leer_clave(origen), habla_por(self.firmante, origen), origen in self.revocadas)
        jurisdiccion, habla, revocado = self.origenes[origen]
        if jurisdiccion is None:
            raise Rechazo("ORIGEN_INVALIDO", f"Registro {ident}: {_corta(origen)} no es una clave de oficina.")
        sin_lugar = r.get("estado") == "anulada" and not r.get("entidad")
        if not sin_lugar and not jurisdiccion.admite(r.get("entidad"), r.get("municipio")):
            raise Rechazo("ORIGEN_INVALIDO", f"Registro {ident}: su origen {origen} no corresponde a su lugar "
                                             f"(entidad {r.get('entidad')}, municipio {r.get('municipio')}).")
        if not habla:
            raise Rechazo("FUERA_DE_JURISDICCION", f"{self.firmante} no puede enviar registros de {origen} (registro {ident}).")
        if revocado:
            raise Rechazo("ORIGEN_REVOCADO", f"Registro {ident} de {origen}.")
        self.pendientes[r["id"]] = origen
        if len(self.pendientes) >= LOTE:
            self.terminar()

    def terminar(self) -> None:
        """Compara con la base los orígenes de los registros que ya existen (T1)."""
        self.existentes |= origen_conservado(self.sesion, self.pendientes)
        self.pendientes = {}


def origen_conservado(sesion: Session, origenes: dict[str, str], guardados: dict[str, str] | None = None) -> set[str]:
    """El origen guardado nunca cambia: un id que ya existe con otro origen rechaza el paquete (ORIGEN_AJENO).
    Devuelve los ids que ya existen."""
    if guardados is None:
        guardados = dict(sesion.execute(select(Accion.id, Accion.oficina_origen).where(en_lista(sesion, Accion.id, list(origenes)))).all())
    for ident, guardado in guardados.items():
        if ident in origenes and origenes[ident] != guardado:
            raise Rechazo("ORIGEN_AJENO", f"El registro {ident} es de {guardado} y el paquete lo trae como de {origenes[ident]}.")
    return set(guardados)


# --- Llaves (T4, T5) ----------------------------------------------------------------------------------------------
# Cada oficina tiene a lo más una llave activa (un índice único en la base lo garantiza); registrar una ficha nueva
# exige que no haya otra activa, rotar retira la activa y revocar la deja sin ninguna hasta una ficha nueva.


def llave_puede_firmar_paquete(llave: Llave, secuencia: int | None = None) -> None:
    """Una llave revocada no firma nada; una retirada, solo paquetes hasta la última secuencia que declaró el aviso
    de su rotación. Sin secuencia (antes de leerla) solo se mira la revocación."""
    if llave.estado == "revocada":
        raise Rechazo("LLAVE_REVOCADA", f"Oficina {llave.oficina}.")
    ultima = llave.ultima_secuencia or 0
    if llave.estado != "activa" and secuencia is not None and secuencia > ultima:
        raise Rechazo("LLAVE_RETIRADA", f"La llave anterior de {llave.oficina} firmó hasta el paquete {ultima}; este es el {secuencia}.")


def llave_activa(llave: Llave, documento: str) -> None:
    """Avisos de rotación y acuses: solo los firma la llave activa de su oficina."""
    if llave.estado == "revocada":
        raise Rechazo("LLAVE_REVOCADA", f"{documento} lo firmó una llave revocada de {llave.oficina}.")
    if llave.estado != "activa":
        raise Rechazo("LLAVE_RETIRADA", f"{documento} lo firmó una llave retirada de {llave.oficina}.")


def rotacion_admisible(sesion: Session, local: DatosOficina, anterior: Llave, ultima_secuencia: Any) -> None:
    """El aviso lo firmó la llave activa y declara la última secuencia firmada con ella, no menor que lo ya recibido."""
    if not isinstance(ultima_secuencia, int) or isinstance(ultima_secuencia, bool) or not 0 <= ultima_secuencia <= SECUENCIA_MAXIMA:
        raise Rechazo("AVISO_INVALIDO", "Falta la última secuencia firmada con la llave anterior (un entero de 0 a 1,000,000,000).")
    llave_activa(anterior, "El aviso de rotación")
    if anterior.oficina == local.clave:
        raise Rechazo("FUERA_DE_JURISDICCION", "Es un aviso de esta misma oficina: su rotación ya quedó registrada al hacerla.")
    recibida = sesion.scalar(select(func.max(PaqueteEntrada.secuencia)).where(PaqueteEntrada.oficina == anterior.oficina)) or 0
    if recibida > ultima_secuencia:
        raise Rechazo("AVISO_INVALIDO", f"El aviso dice que la llave anterior de {anterior.oficina} firmó hasta el paquete "
                                        f"{ultima_secuencia}, pero ya se recibió el {recibida} firmado con ella.")


# --- Acuses (T7) --------------------------------------------------------------------------------------------------
# Un acuse se aplica solo si lo firmó la llave activa de la oficina superior registrada de esta oficina, que es a
# quien se envió el paquete, y habla de un paquete que esta oficina envió. Por registro gana el acuse emitido más
# recientemente, llegue en el orden que llegue.

ESTADOS_ACUSE = ("aceptada", "observada", "conflicto", "obsoleta", "enmienda")


def _momento(valor: Any) -> datetime | None:
    if not isinstance(valor, str) or len(valor) > 40:
        return None
    try:
        momento = datetime.fromisoformat(valor.removesuffix("Z"))
    except ValueError:
        return None
    return momento.astimezone(UTC).replace(tzinfo=None) if momento.tzinfo else momento


def acuse_bien_formado(acuse: Any) -> datetime:
    """Forma del acuse; devuelve cuándo se emitió. ACUSE_INVALIDO nombrando lo que falta."""
    if not isinstance(acuse, dict):
        raise Rechazo("ACUSE_INVALIDO", "No es un objeto JSON.")
    for campo in ("paquete", "huella_paquete", "oficina_destino", "emisor", "huella_firmante", "firma", "autor"):
        if not isinstance(acuse.get(campo), str):
            raise Rechazo("ACUSE_INVALIDO", f"Falta o está mal «{campo}».")
    if motivo := texto_prohibido(acuse["autor"], 200):
        raise Rechazo("ACUSE_INVALIDO", f"«autor» {motivo}.")
    if not es_id(acuse["paquete"]) or not es_huella(acuse["huella_paquete"]) or not es_huella(acuse["huella_firmante"]):
        raise Rechazo("ACUSE_INVALIDO", "«paquete», «huella_paquete» o «huella_firmante» no tienen la forma de un id o una huella.")
    for campo in ("emisor", "oficina_destino"):
        if leer_clave(acuse[campo]) is None:
            raise Rechazo("ACUSE_INVALIDO", f"«{campo}» no es una clave de oficina: {_corta(acuse[campo])}.")
    emitido = _momento(acuse.get("emitido_en"))
    if emitido is None:
        raise Rechazo("ACUSE_INVALIDO", "«emitido_en» no es una fecha y hora ISO 8601.")
    _registros_bien_formados(acuse.get("registros"), "ACUSE_INVALIDO")
    return emitido


def acuse_autorizado(sesion: Session, local: DatosOficina, llave: Llave, acuse: dict[str, Any]) -> None:
    """La llave (ya verificada sobre el acuse) es la activa del superior registrado y el paquete es nuestro."""
    llave_activa(llave, "El acuse")
    if llave.oficina != acuse["emisor"]:
        raise Rechazo("ACUSE_AJENO", f"El acuse dice venir de {acuse['emisor']} pero lo firmó {llave.oficina}.")
    if local.superior is None or acuse["emisor"] != local.superior:
        raise Rechazo("ACUSE_AJENO", f"Lo firmó {acuse['emisor']}; el superior de {local.clave} es {local.superior or 'ninguno'}.")
    if acuse["oficina_destino"] != local.clave:
        raise Rechazo("ACUSE_AJENO", f"El acuse es para la oficina {acuse['oficina_destino']}, no para {local.clave}.")
    paquete = sesion.get(PaqueteSalida, acuse["paquete"])
    if paquete is None or paquete.oficina != local.clave or paquete.sha256 != acuse["huella_paquete"]:
        raise Rechazo("ACUSE_INVALIDO", f"Esta oficina no envió el paquete {acuse['paquete'][:36]} con esa huella.")


def acuse_gana(sesion: Session, local: DatosOficina, accion: Accion, emitido: datetime) -> bool:
    """El acuse aplica a la acción si esta oficina puede hablar por ella y es más reciente que el ya aplicado."""
    if not habla_por(local.clave, accion.oficina_origen):
        return False
    previo = sesion.get(AcuseAplicado, accion.id)
    return previo is None or emitido > previo.emitido_en


# --- Acuses por la cadena (T7) ------------------------------------------------------------------------------------
# La central sella, por cada oficina de origen distinta del destinatario, la lista de sus registros en el acuse
# (`sellos`). La estatal reenvía a cada municipal SOLO sus registros en un acuse que ella firma, con el sello de la
# central y la llave pública de la Coordinación (`coordinacion`). La municipal aplica ese acuse como cualquier acuse
# de su superior y, además, atribuye el resultado a la Coordinación solo si la llave es la de la Coordinación que
# ella conoce por su cuenta (la del programa o la fijada con `fijar-central`, nunca la que diga su estatal), el sello
# es para ella, cubre exactamente esos registros, cada registro del acuse dice lo mismo que el sello y salió en el
# paquete que el acuse nombra (el sello no lo nombra). La huella de la central nunca es la de otra oficina registrada.

CAMPOS_COORDINACION = ("paquete", "huella_paquete", "oficina_destino", "emisor", "emitido_en", "huella_firmante",
                       "autor", "llave_publica", "oficina", "sello")


def reenvia_a(local: DatosOficina, origen: str) -> bool:
    """La estatal reenvía el resultado de la Coordinación a una municipal de su entidad; nadie más reenvía."""
    o = leer_clave(origen)
    return local.tipo == "estatal" and o is not None and o.tipo == "municipal" and habla_por(local.clave, origen)


def _registros_bien_formados(registros: Any, codigo: str) -> None:
    if not isinstance(registros, list):
        raise Rechazo(codigo, "«registros» no es una lista.")
    vistos: set[str] = set()
    for r in registros:
        if not (isinstance(r, dict) and es_id(r.get("id")) and isinstance(r.get("revision"), int)
                and not isinstance(r.get("revision"), bool) and r.get("estado") in ESTADOS_ACUSE
                and isinstance(r.get("observacion", ""), str)) or r["id"] in vistos:
            raise Rechazo(codigo, f"Registro mal formado o repetido: {_corta(r)}.")
        vistos.add(r["id"])
        if motivo := texto_prohibido(r.get("observacion", ""), limites.OBSERVACION):
            raise Rechazo(codigo, f"Registro {r['id']}: «observacion» {motivo}.")


def texto_prohibido(texto: str, maximo: int) -> str | None:
    """T13: por qué un texto recibido no se guarda (un carácter de control o demasiado largo), o None."""
    if control := limites.caracter_prohibido(texto):
        return f"contiene un carácter de control invisible ({control})"
    return f"pasa de {maximo:,} caracteres" if len(texto) > maximo else None


def coordinacion_admisible(local: DatosOficina, acuse: dict[str, Any], huella_central: str, huella_llave: str) -> dict[str, Any]:
    """El bloque `coordinacion` de un acuse de la estatal: forma, llave de la Coordinación conocida por esta oficina,
    sello para esta oficina y de un acuse de la central a su estatal, emitido cuando dice el acuse. Devuelve el bloque;
    la firma del sello la comprueba quien llama (empaquetado/acuses.py)."""
    bloque = acuse.get("coordinacion")
    if not isinstance(bloque, dict) or not all(isinstance(bloque.get(c), str) for c in CAMPOS_COORDINACION):
        raise Rechazo("RESULTADO_NO_VERIFICADO", "El bloque «coordinacion» está incompleto.")
    _registros_bien_formados(bloque.get("registros"), "RESULTADO_NO_VERIFICADO")
    if bloque["emisor"] != CLAVE_CENTRAL or huella_llave != huella_central or bloque["huella_firmante"] != huella_central:
        raise Rechazo("RESULTADO_NO_VERIFICADO", f"El sello no lo firmó la llave de la Coordinación que conoce {local.clave}.")
    if bloque["oficina"] != local.clave or bloque["oficina_destino"] != acuse["emisor"]:
        raise Rechazo("RESULTADO_NO_VERIFICADO", f"El sello es de los registros de {_corta(bloque['oficina'])} en el acuse "
                                                 f"para {_corta(bloque['oficina_destino'])}, no de {local.clave} vía {acuse['emisor']}.")
    if bloque["emitido_en"] != acuse.get("emitido_en"):
        raise Rechazo("RESULTADO_NO_CONCUERDA", "La fecha del acuse no es la del acuse de la central.")
    return bloque


def resultados_concuerdan(registros: list[dict[str, Any]], sellados: list[dict[str, Any]]) -> None:
    """Cada registro del acuse de la estatal es, campo por campo, uno de los que selló la central; y trae alguno (la
    estatal nunca escribe uno vacío: uno así solo serviría para decir que la Coordinación acusó un paquete)."""
    if not registros:
        raise Rechazo("RESULTADO_NO_CONCUERDA", "El acuse no trae ningún registro del resultado de la Coordinación.")
    por_id = {r["id"]: r for r in sellados}
    for r in registros:
        s = por_id.get(r["id"])
        if s is None or _resultado(r) != _resultado(s):
            raise Rechazo("RESULTADO_NO_CONCUERDA", f"Registro {r['id'][:36]}: la estatal dice «{_resultado(r)[:80]}»"
                                                    + (f" y la central selló «{_resultado(s)[:80]}»." if s else "; la central no lo selló."))


def resultados_del_paquete(sesion: Session, acuse: dict[str, Any]) -> None:
    """El sello no nombra el paquete municipal: cada registro del acuse que esta oficina tiene en esa revisión debe
    haber salido en el paquete que dice el acuse; si no, la estatal puso el sello bajo otro paquete (Envíos diría que
    la Coordinación lo acusó). Los de otra revisión no tienen efecto y no se miran."""
    revisiones = {r["id"]: r["revision"] for r in acuse["registros"]}
    ids = list(revisiones)
    for i in range(0, len(ids), LOTE):
        consulta = select(Accion.id, Accion.revision, Accion.paquete_envio).where(Accion.id.in_(ids[i:i + LOTE]))
        for ident, revision, paquete in sesion.execute(consulta):
            if revision == revisiones[ident] and paquete is not None and paquete != acuse["paquete"]:
                raise Rechazo("RESULTADO_NO_CONCUERDA", f"El registro {ident} salió en el paquete {paquete}, no en el "
                                                        f"{acuse['paquete'][:36]} que dice el acuse.")


def huella_central_admisible(sesion: Session, local: DatosOficina, huella: str) -> None:
    """La huella que se fija como de la Coordinación no es la llave de otra oficina registrada aquí (p. ej. la estatal
    que le dicta la suya a la municipal) ni la de esta oficina: con ella esa oficina sellaría «por la Coordinación»."""
    llave = sesion.get(Llave, huella)
    if llave is not None and llave.oficina != CLAVE_CENTRAL:
        quien = "esta misma oficina" if llave.oficina == local.clave else f"la oficina {llave.oficina}"
        raise Rechazo("CENTRAL_INVALIDA", f"Esa huella es la de la llave de {quien}, registrada aquí.")


AJUSTE_HUELLA_CENTRAL = "huella_central"


def central_a_fijar(sesion: Session, local: DatosOficina, clave: str, huella: str) -> bool:
    """¿Registrar la ficha de la Coordinación fija también su huella (la que firma las actualizaciones de catálogos)?
    Sí, si aún no hay ninguna fijada: es la misma llave, y su huella se comparó con la ficha impresa al registrarla
    (T8). Una huella ya fijada no se cambia así: reemplazarla es `fijar-central --reemplazar`, tras compararla."""
    if clave != CLAVE_CENTRAL or local.tipo == "central" or sesion.get(Ajuste, AJUSTE_HUELLA_CENTRAL) is not None:
        return False
    huella_central_admisible(sesion, local, huella)
    return True


def _resultado(r: dict[str, Any]) -> str:
    """«observada: texto» (revisión r) para nombrar un resultado en un mensaje y compararlo."""
    return f"{r['estado']}{': ' + r['observacion'] if r.get('observacion') else ''} (revisión {r['revision']})"


# --- Fichas (T8) --------------------------------------------------------------------------------------------------
# Una ficha se registra si está autofirmada (lo comprueba confianza.leer_ficha), su clave sigue la gramática y
# concuerda con su tipo, entidad, municipio y superior, la oficina es el superior o cae en la jurisdicción del
# receptor, su llave no es de otra oficina y su clave no tiene ya otra llave activa.


def puede_registrar(local: DatosOficina, otra: Jurisdiccion, clave: str) -> bool:
    """El superior registra oficinas de su jurisdicción; cualquier oficina registra a su superior directo."""
    if clave == local.superior:
        return True
    if clave == local.clave:
        return False
    if local.tipo == "central":
        return otra.tipo != "central" and local.jurisdiccion.admite(otra.entidad, otra.municipio)
    if local.tipo == "estatal":
        return otra.tipo == "municipal" and local.jurisdiccion.admite(otra.entidad, otra.municipio)
    return False


def ficha_registrable(sesion: Session, local: DatosOficina, datos: dict[str, Any], huella: str) -> bool:
    """True si la ficha es nueva, False si ya estaba registrada igual; Rechazo si no puede registrarse."""
    clave, tipo, entidad = datos.get("clave"), datos.get("tipo"), datos.get("entidad")
    if not clave_concuerda(clave, tipo, entidad, datos.get("municipio")) or datos.get("superior") != superior_de(tipo, entidad):
        raise Rechazo("CLAVE_INVALIDA", f"Clave {_corta(clave)}, tipo {_corta(tipo)}, entidad {_corta(entidad)}, "
                                        f"municipio {_corta(datos.get('municipio'))}, superior {_corta(datos.get('superior'))}.")
    if not puede_registrar(local, leer_clave(clave), clave):
        raise Rechazo("FUERA_DE_JURISDICCION", f"La oficina {clave} no está bajo la jurisdicción de {local.clave} ni es su superior.")
    existente = sesion.get(Llave, huella)
    if existente is not None:
        if existente.oficina != clave:
            raise Rechazo("LLAVE_YA_REGISTRADA", f"Es la llave de {existente.oficina}.")
        if existente.estado != "activa":
            raise Rechazo("LLAVE_RETIRADA" if existente.estado == "retirada" else "LLAVE_REVOCADA",
                          f"Esa llave de {clave} ya no está vigente: registre una ficha con una llave nueva.")
        return False
    activa = sesion.scalar(select(Llave).where(Llave.oficina == clave, Llave.estado == "activa"))
    if activa is not None:
        raise Rechazo("CLAVE_YA_REGISTRADA", f"Oficina {clave}.")
    return True


# --- Cadena y trimestres aprobados (T3, T6) ---------------------------------------------------

RANGOS_MOSTRADOS = 10


def secuencia_valida(valor: Any) -> bool:
    """T6: la secuencia es un entero (no booleano) de 1 a 1,000,000,000."""
    return isinstance(valor, int) and not isinstance(valor, bool) and 1 <= valor <= SECUENCIA_MAXIMA


def revisar_cadena(secuencia: int, anterior: str, huella: str, huella_previo: str | None,
                   anterior_del_siguiente: str | None) -> str | None:
    """T6: motivo de `CADENA_ROTA` del paquete `secuencia`, o None si encadena.

    `anterior` es el `sha256_anterior` que declara; `huella`, la de su manifiesto firmado. `huella_previo` es la
    huella guardada del paquete N−1 de la misma oficina (None si no ha llegado) y `anterior_del_siguiente`, el
    `sha256_anterior` guardado del paquete N+1 si llegó antes (None si no).
    """
    if secuencia == 1 and anterior != "":
        return "El paquete 1 de una oficina no tiene anterior, pero este declara uno."
    if secuencia > 1 and not _HUELLA.fullmatch(anterior):
        return f"El paquete {secuencia} no declara la huella SHA-256 del paquete {secuencia - 1}."
    if huella_previo is not None and anterior != huella_previo:
        return f"El paquete {secuencia} no sigue al paquete {secuencia - 1} que ya se recibió (la huella anterior no coincide)."
    if anterior_del_siguiente is not None and anterior_del_siguiente != huella:
        return f"El paquete {secuencia + 1}, ya recibido, sigue a otro paquete {secuencia}: este no es el que firmó la oficina en esa posición."
    return None


def rangos_faltantes(recibidas: Iterable[int], maximo: int = RANGOS_MOSTRADOS) -> tuple[list[tuple[int, int]], int]:
    """T6: huecos antes de la última secuencia recibida, como rangos (desde, hasta) en espacio acotado.

    `recibidas` va en orden ascendente. Devuelve a lo más `maximo` rangos y cuántos más hay.
    """
    rangos: list[tuple[int, int]] = []
    mas, esperada = 0, 1
    for n in recibidas:
        if n > esperada:
            if len(rangos) < maximo:
                rangos.append((esperada, n - 1))
            else:
                mas += 1
        esperada = max(esperada, n + 1)
    return rangos, mas


def texto_faltantes(oficina: str, rangos: list[tuple[int, int]], mas: int) -> list[str]:
    """Una frase por rango: «falta el paquete 2…», «faltan los paquetes 5 a 9…»."""
    lineas = [f"falta el paquete {a:,} de la oficina {oficina}" if a == b else
              f"faltan los paquetes {a:,} {'y' if b == a + 1 else 'a'} {b:,} de la oficina {oficina}" for a, b in rangos]
    if mas:
        lineas.append(f"y faltan paquetes de la oficina {oficina} en {mas:,} huecos más")
    return lineas


def trimestres_de(fecha_inicio: date | None, convenio: Any) -> set[str]:
    """T3: trimestres cuyas cifras cuenta un registro: el de su fecha de inicio y, si es un instrumento
    firmado, el de su fecha de firma (PICI)."""
    trimestres = set()
    if fecha_inicio is not None:
        trimestres.add(f"{fecha_inicio.year}T{(fecha_inicio.month - 1) // 3 + 1}")
    firma = convenio.get("fecha_firma") if isinstance(convenio, dict) else None
    if isinstance(firma, str):
        try:
            dia = date.fromisoformat(firma)
        except ValueError:
            return trimestres
        trimestres.add(f"{dia.year}T{(dia.month - 1) // 3 + 1}")
    return trimestres


def requiere_enmienda(antes: set[str], despues: set[str], aprobados: set[str]) -> bool:
    """T3: un cambio (registro nuevo: `antes` vacío; movido; editado; anulado) espera aprobación si toca un
    trimestre aprobado de la oficina de origen, sea el de antes o el de después."""
    return bool((antes | despues) & aprobados)


# --- Aprobación de trimestres (T3) --------------------------------------------------------------------------------
# Aprueba quien recibe: la Coordinación, a las estatales y municipales; una estatal, a las municipales de su entidad.
# Nunca la oficina a sí misma ni a su superior; nunca un trimestre que no ha empezado ni uno ya aprobado.


def aprobacion_admisible(local: DatosOficina | None, oficina: str, trimestre: str, estado: str, hoy: date) -> None:
    """Rechazo con su código si `local` no puede aprobar el `trimestre` de `oficina` (cuyo estado actual es `estado`)."""
    if local is None or local.tipo == "municipal":
        raise Rechazo("APROBACION_NO_PERMITIDA", "Esta oficina es municipal: aprueban su oficina estatal y la Coordinación.")
    if not isinstance(trimestre, str) or re.fullmatch(r"\d{4}T[1-4]", trimestre) is None:
        raise Rechazo("TRIMESTRE_INVALIDO", f"Recibido: {_corta(trimestre)}.")
    otra = leer_clave(oficina)
    if otra is None or oficina == local.superior or not puede_registrar(local, otra, oficina):
        raise Rechazo("APROBACION_NO_PERMITIDA", f"La oficina {_corta(oficina)} no está bajo la jurisdicción de {local.clave}.")
    inicio = date(int(trimestre[:4]), 3 * int(trimestre[-1]) - 2, 1)
    if inicio > hoy:
        raise Rechazo("TRIMESTRE_SIN_EMPEZAR", f"{trimestre} empieza el {inicio.strftime('%d/%m/%Y')}.")
    if estado == "aprobado":
        raise Rechazo("PERIODO_YA_APROBADO", f"{trimestre} de {oficina}.")


# --- Cifrado -----------------------------------------------------------------------------------------------------
# Firmar y luego cifrar: cada paquete se cifra con age para el destinatario de la llave activa de la oficina superior
# (el de su ficha o aviso de rotación firmado) más los destinatarios de custodia que la Coordinación publica en una
# actualización firmada. La lista de huellas de esos destinatarios viaja DENTRO del envio.json firmado
# («cifrado_para»): el encabezado age no dice para quién es, la lista firmada sí.

AJUSTE_CIFRADO_OBLIGATORIO = "cifrado_obligatorio"
AJUSTE_CUSTODIA = "destinatarios_custodia"
MAX_CUSTODIA = 5


def destinatario_agregable(llave: Llave) -> None:
    """Una ficha ya registrada puede agregar el destinatario que le faltaba (la oficina se actualizó), nunca
    cambiar uno guardado: el destinatario cambia solo con una rotación firmada por la llave anterior."""
    if llave.estado != "activa":
        raise Rechazo("FICHA_INVALIDA", "Esa llave ya no está activa: su ficha no puede cambiar su llave de cifrado.")
    if llave.destinatario_age is not None:
        raise Rechazo("FICHA_INVALIDA", "Esa llave ya tiene otra llave de cifrado registrada; solo cambia al rotar la llave "
                                        "(registre el aviso de rotación).")


def cifrado_obligatorio(sesion: Session) -> bool:
    ajuste = sesion.get(Ajuste, AJUSTE_CIFRADO_OBLIGATORIO)
    return ajuste is not None and ajuste.valor == "1"


def destinatarios_custodia(sesion: Session) -> list[str]:
    ajuste = sesion.get(Ajuste, AJUSTE_CUSTODIA)
    return list(json.loads(ajuste.valor)) if ajuste is not None and ajuste.valor else []


def destinatarios_del_envio(sesion: Session, local: Any) -> tuple[list[tuple[str, str]], str]:
    """[(para quién, destinatario age)] del próximo paquete y, si sale sin cifrar, el aviso que se muestra."""
    if not local.superior:
        return [], ("Esta oficina es la Coordinación: no tiene oficina superior a quien enviar paquetes. Si exporta uno "
                    "(por ejemplo, como copia firmada de sus registros), sale firmado y sin cifrar.")
    superior = sesion.scalar(select(Llave).where(Llave.oficina == local.superior, Llave.estado == "activa"))
    if superior is None or not superior.destinatario_age:
        return [], (f"El paquete sale SIN CIFRAR: su oficina superior ({local.superior}) aún no tiene registrada su llave de cifrado. Pida su ficha "
                    "actualizada (la genera una versión actual del programa) y regístrela en Configuración.")
    para = [(local.superior, superior.destinatario_age)]
    para += [("custodia", d) for d in destinatarios_custodia(sesion) if d != superior.destinatario_age]
    return para, ""


def revisar_cifrado(sesion: Session, envio: dict[str, Any], llave: Llave, para: str | None) -> None:
    """Después de la firma. Un paquete que llegó cifrado (`para`: huella del destinatario de esta oficina) debe
    nombrar a esta oficina en su lista firmada; uno sin cifrar se rechaza si esta oficina exige cifrado y el
    firmante tiene llave de cifrado registrada."""
    if para is not None:
        lista = envio.get("cifrado_para")
        huellas = {d.get("huella") for d in lista if isinstance(d, dict)} if isinstance(lista, list) else set()
        if para not in huellas:
            raise Rechazo("NO_ES_PARA_ESTA_OFICINA", "Se descifró con la llave de esta oficina, pero su lista firmada de "
                                                     "destinatarios no la nombra.")
    elif cifrado_obligatorio(sesion):
        activa = sesion.scalar(select(Llave).where(Llave.oficina == llave.oficina, Llave.estado == "activa"))
        if activa is not None and activa.destinatario_age:
            raise Rechazo("CIFRADO_OBLIGATORIO", f"Oficina {llave.oficina}.")


# --- Restauración (T21) -------------------------------------------------------------------------------------------
# Un respaldo vuelve solo a la oficina que lo guardó: su oficina local y la llave activa de ella en el respaldo son las
# del archivo de llave de la carpeta. La estructura (sano, revisión conocida, sin objetos ajenos) la revisa antes
# `base_local/restauracion.py`; quien tiene solo el archivo de la base no puede hacerse pasar por la oficina.


def respaldo_de_la_oficina(oficina_respaldo: str | None, huella_respaldo: str | None, oficina: str, huella: str,
                           de_donde: str = "esta carpeta") -> None:
    """RESPALDO_DE_OTRA_OFICINA o RESPALDO_DE_OTRA_LLAVE si el respaldo no es de `oficina` con la llave `huella`."""
    if oficina_respaldo != oficina:
        raise Rechazo("RESPALDO_DE_OTRA_OFICINA", f"El respaldo es de la oficina {_corta(oficina_respaldo)} y {de_donde} es de "
                      f"la oficina {oficina}.")
    if huella_respaldo != huella:
        en_respaldo = (f"En el respaldo la llave activa de {oficina} es {huella_respaldo[:16].upper()}…" if huella_respaldo
                       else f"En el respaldo la oficina {oficina} no tiene llave activa")
        raise Rechazo("RESPALDO_DE_OTRA_LLAVE", f"{en_respaldo}; la de {de_donde} es {huella[:16].upper()}….")

