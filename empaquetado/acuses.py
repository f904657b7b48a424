"""Acuses de recibo firmados: la oficina receptora responde por cada registro (aceptada, observada,
conflicto, obsoleta) y la emisora los aplica a sus registros. La central sella el resultado por oficina de origen y
la estatal lo reenvía a cada municipal con `para_municipales`; qué se admite lo decide empaquetado/politica.py."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.errores import EntradaRechazada
from base_local.jurisdiccion import CLAVE_CENTRAL
from base_local.modelos import (
    Accion,
    AcuseAplicado,
    AcuseRecibido,
    DecisionRevision,
    Llave,
    Observacion,
    PaqueteEntrada,
)
from base_local.oficinas import DatosOficina, oficina_local
from empaquetado import llaves, politica
from empaquetado.actualizacion import huella_central
from empaquetado.codigos import Rechazo
from empaquetado.confianza import firma_valida, firmar_documento, llave_confiable
from empaquetado.formato import json_canonico
from formularios import limites

FORMATO_ACUSE = "fsur-acuse/1"
FORMATO_SELLO = "fsur-sello-acuse/1"
DE_RESULTADO = {"nuevos": "aceptada", "actualizados": "aceptada", "sin_cambios": "aceptada",
                "conflictos": "conflicto", "obsoletos": "obsoleta", "enmiendas": "enmienda"}


def observar(sesion: Session, id_accion: str, texto: str, autor: str) -> dict[str, Any]:
    """Deja una observación sobre una acción recibida; viaja en el siguiente acuse."""
    return observar_varias(sesion, [id_accion], texto, autor)


def _recibidas(sesion: Session, ids: list[str], que: str) -> tuple[list[Accion], str]:
    """Las acciones de `ids` (sin repetir, en su orden), todas existentes y de otra oficina; si no, nada."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise EntradaRechazada(f"Indique al menos una acción que {que}.")
    acciones: dict[str, Accion] = {}
    for i in range(0, len(ids), politica.LOTE):
        acciones.update((a.id, a) for a in sesion.scalars(select(Accion).where(Accion.id.in_(ids[i:i + politica.LOTE]))))
    if faltan := [i for i in ids if i not in acciones]:
        raise EntradaRechazada(f"No existe la acción {faltan[0]} en esta base" + (f" (ni otras {len(faltan) - 1})" if len(faltan) > 1 else "")
                               + ": revise los ids. No se registró nada.")
    local = oficina_local(sesion)
    if propias := [a for a in acciones.values() if a.oficina_origen == local.clave]:
        raise EntradaRechazada(f"La acción «{propias[0].titulo[:60]}» es de esta misma oficina ({local.clave}): solo se {que} lo "
                               "recibido de otras oficinas. No se registró nada.")
    return [acciones[i] for i in ids], local.clave


def _decidir(sesion: Session, accion: Accion, decision: str, quien: str) -> None:
    sesion.merge(DecisionRevision(accion_id=accion.id, revision=accion.revision, decision=decision, quien=quien[:200], cuando=ahora()))


def observar_varias(sesion: Session, ids: list[str], texto: str, autor: str) -> dict[str, Any]:
    """La misma observación sobre una o varias acciones recibidas: cada una viaja a su oficina de origen en su
    siguiente acuse. Todo o nada: un id que no existe o una acción propia no registra ninguna."""
    if not texto.strip():
        raise EntradaRechazada("Escriba el texto de la observación (--texto).")
    texto, autor = limites.texto_libre("observacion", texto), limites.texto_libre("quien", autor)
    acciones, local = _recibidas(sesion, ids, "observa")
    if len(acciones) > 1 and len(acciones) * len(texto) > limites.OBSERVACION_EN_LOTE:
        raise EntradaRechazada(f"{len(acciones):,} acciones con una observación de {len(texto):,} caracteres no caben en el acuse "
                               f"que las lleva (a lo más {limites.OBSERVACION_EN_LOTE:,} caracteres en total): acorte la observación "
                               "u observe menos acciones a la vez. No se registró nada.")
    for accion in acciones:
        sesion.add(Observacion(accion_id=accion.id, revision=accion.revision, autor=autor, oficina=local,
                               texto=texto, creada_en=ahora()))
        _decidir(sesion, accion, "observada", autor)
    sesion.flush()
    texto_salida = (f"Observación registrada en «{acciones[0].titulo}»; saldrá en el acuse." if len(acciones) == 1 else
                    f"Observación registrada en {len(acciones):,} acciones; cada una saldrá en el acuse a su oficina de origen.")
    return {"accion": acciones[0].id, "acciones": [a.id for a in acciones], "observadas": len(acciones), "texto": texto_salida}


def aceptar(sesion: Session, ids: list[str], quien: str) -> dict[str, Any]:
    """Esta oficina acepta una o varias acciones recibidas en su revisión actual. Una observación suya que aún no
    salía en un acuse queda retirada (el acuse dirá «aceptada»); las que ya salieron quedan en el historial."""
    acciones, local = _recibidas(sesion, ids, "acepta")
    retiradas = 0
    for i in range(0, len(acciones), politica.LOTE):
        lote = [a.id for a in acciones[i:i + politica.LOTE]]
        for obs in sesion.scalars(select(Observacion).where(Observacion.accion_id.in_(lote), Observacion.oficina == local,
                                                            Observacion.acuse.is_(None), Observacion.atendida.is_(False))):
            obs.atendida = True
            retiradas += 1
    for accion in acciones:
        _decidir(sesion, accion, "aceptada", quien)
    sesion.flush()
    texto = f"{'Aceptada' if len(acciones) == 1 else f'{len(acciones):,} acciones aceptadas'} en su revisión actual."
    if retiradas:
        texto += f" Se retiró {'la observación' if retiradas == 1 else f'{retiradas:,} observaciones'} que aún no salía en un acuse."
    return {"acciones": [a.id for a in acciones], "aceptadas": len(acciones), "observaciones_retiradas": retiradas, "texto": texto}


def emitir(sesion: Session, id_paquete: str, privada: Ed25519PrivateKey, autor: str) -> dict[str, Any]:
    """Acuse firmado del paquete importado `id_paquete`."""
    autor = limites.texto_libre("quien", autor)
    paquete = sesion.get(PaqueteEntrada, id_paquete)
    if paquete is None:
        raise EntradaRechazada(f"No se ha importado ningún paquete con id {id_paquete}: impórtelo antes de emitir su acuse.")
    local = oficina_local(sesion)
    observaciones = {
        o.accion_id: o for o in sesion.scalars(select(Observacion).where(Observacion.oficina == local.clave, Observacion.acuse.is_(None),
                                                                   Observacion.atendida.is_(False)).order_by(Observacion.id))
    }
    registros = []
    for id_accion, revision, resultado in paquete.conteos.get("registros", []):
        estado = DE_RESULTADO[resultado]
        obs = observaciones.get(id_accion)
        if obs is not None and estado == "aceptada":
            estado = "observada"
            obs.acuse = id_paquete
        registros.append({"id": id_accion, "revision": revision, "estado": estado, "observacion": obs.texto if obs else ""})
    # Observaciones pendientes de otras acciones de esa oficina (p. ej. conflictos resueltos) viajan en este acuse.
    en_paquete = {r["id"] for r in registros}
    for id_accion, obs in observaciones.items():
        accion = sesion.get(Accion, id_accion)
        if id_accion in en_paquete or accion is None:
            continue
        if politica.habla_por(paquete.oficina, accion.oficina_origen):
            obs.acuse = id_paquete
            registros.append({"id": id_accion, "revision": accion.revision, "estado": "observada", "observacion": obs.texto})
    cuerpo = {
        "formato": FORMATO_ACUSE, "paquete": id_paquete, "huella_paquete": paquete.sha256, "oficina_destino": paquete.oficina,
        "secuencia": paquete.secuencia, "emisor": local.clave, "emitido_en": datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z", "autor": autor,
        "huella_firmante": llaves.huella(llaves.publica_cruda(privada)), "registros": registros,
    }
    if local.tipo == "central":
        cuerpo["sellos"] = _sellos(sesion, cuerpo, privada)
    sesion.flush()
    return firmar_documento(cuerpo, privada)


def cuerpo_sello(acuse: dict[str, Any], oficina: str, registros: list[dict[str, Any]]) -> dict[str, Any]:
    """Lo que firma la central por cada oficina de origen: el acuse del que sale y la huella de la lista de los
    registros de esa oficina, tal como van en el acuse (así la estatal puede reenviar solo esos)."""
    return {"formato": FORMATO_SELLO, "acuse_de": acuse["paquete"], "huella_paquete": acuse["huella_paquete"],
            "oficina_destino": acuse["oficina_destino"], "emisor": acuse["emisor"], "emitido_en": acuse["emitido_en"],
            "huella_firmante": acuse["huella_firmante"], "autor": acuse["autor"], "oficina": oficina,
            "registros": hashlib.sha256(json_canonico(registros)).hexdigest()}


def _por_origen(sesion: Session, registros: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Los registros de un acuse agrupados por la oficina de origen que guarda esta base, en el orden del acuse."""
    ids = [r["id"] for r in registros]
    origenes: dict[str, str] = {}
    for i in range(0, len(ids), politica.LOTE):  # por lotes: SQLite y PostgreSQL acotan los parámetros de una consulta
        origenes.update(sesion.execute(select(Accion.id, Accion.oficina_origen).where(Accion.id.in_(ids[i:i + politica.LOTE]))).all())
    grupos: dict[str, list[dict[str, Any]]] = {}
    for r in registros:
        if r["id"] in origenes:
            grupos.setdefault(origenes[r["id"]], []).append(r)
    return grupos


def _sellos(sesion: Session, cuerpo: dict[str, Any], privada: Ed25519PrivateKey) -> dict[str, str]:
    """Un sello por cada oficina de origen que no es el destinatario (las municipales que reenvió la estatal)."""
    return {oficina: base64.b64encode(privada.sign(json_canonico(cuerpo_sello(cuerpo, oficina, regs)))).decode()
            for oficina, regs in sorted(_por_origen(sesion, cuerpo["registros"]).items()) if oficina != cuerpo["oficina_destino"]}


def _sello_valido(publica: bytes, sello: str, cuerpo: dict[str, Any]) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(publica).verify(base64.b64decode(sello, validate=True), json_canonico(cuerpo))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def aplicar(sesion: Session, acuse: dict[str, Any]) -> dict[str, Any]:
    """Aplica un acuse recibido si la política lo admite (T7); si no, lo rechaza con un código sin cambiar nada.

    Forma → llave registrada y no revocada → firma → llave activa del superior registrado, para esta oficina y
    de un paquete que ella envió → por registro, solo si es más reciente que el acuse ya aplicado.
    """
    emitido = politica.acuse_bien_formado(acuse)
    llave = llave_confiable(sesion, acuse["huella_firmante"],
                            "El acuse lo firmó una llave que esta oficina no tiene registrada: registre la ficha de su oficina superior.",
                            "El acuse lo firmó una llave revocada.")
    if not firma_valida(acuse, llave.publica):
        raise EntradaRechazada("La firma del acuse no corresponde a su contenido: fue alterado.", "FIRMA_INVALIDA")
    local = oficina_local(sesion)
    politica.acuse_autorizado(sesion, local, llave, acuse)
    origen, autor = acuse["emisor"], acuse["autor"]
    if "coordinacion" in acuse:
        origen, autor = CLAVE_CENTRAL, _coordinacion_verificada(sesion, local, acuse)["autor"]
    conteo = {"aceptada": 0, "observada": 0, "conflicto": 0, "obsoleta": 0, "enmienda": 0, "sin_efecto": 0}
    for r in acuse["registros"]:
        accion = sesion.get(Accion, r["id"])
        estado = r["estado"]
        if accion is None or accion.revision != r["revision"] or accion.estado == "anulada" \
                or not politica.acuse_gana(sesion, local, accion, emitido):
            conteo["sin_efecto"] += 1
            continue
        sesion.merge(AcuseAplicado(accion_id=accion.id, emitido_en=emitido, paquete=acuse["paquete"], estado=estado, origen=origen))
        if estado in ("aceptada", "observada"):
            accion.estado = estado
        if r.get("observacion"):
            ya = sesion.scalar(select(Observacion).where(Observacion.accion_id == accion.id, Observacion.acuse == acuse["paquete"],
                                                         Observacion.oficina == origen))
            if ya is None:
                sesion.add(Observacion(accion_id=accion.id, revision=accion.revision, autor=autor[:200],
                                       oficina=origen, texto=r["observacion"], creada_en=ahora(),
                                       acuse=acuse["paquete"][:36]))
        conteo[estado] += 1
    if sesion.get(AcuseRecibido, (acuse["paquete"], origen, emitido)) is None:
        sesion.add(AcuseRecibido(paquete=acuse["paquete"], origen=origen, emitido_en=emitido, emisor=acuse["emisor"],
                                 aplicado_en=ahora(), aceptadas=conteo["aceptada"], observadas=conteo["observada"]))
    sesion.flush()
    de = "de la Coordinación (vía su oficina estatal) " if origen != acuse["emisor"] else ""
    return {"acuse": acuse["paquete"], "origen": origen, **conteo,
            "texto": f"Acuse {de}aplicado: {conteo['aceptada']} aceptadas, {conteo['observada']} observadas, "
                     f"{conteo['conflicto']} en conflicto, {conteo['obsoleta']} obsoletas, {conteo['enmienda']} enmiendas en espera de aprobación, "
                     f"{conteo['sin_efecto']} sin efecto (de otra revisión, anuladas o con un acuse más reciente ya aplicado)."}


def es_acuse(documento: Any) -> bool:
    return isinstance(documento, dict) and documento.get("formato") == FORMATO_ACUSE


def _coordinacion_verificada(sesion: Session, local: DatosOficina, acuse: dict[str, Any]) -> dict[str, Any]:
    """El resultado que la estatal atribuye a la Coordinación: sello de la central, con la llave que esta oficina
    conoce por su cuenta, sobre exactamente los registros que trae, y los del acuse iguales a los sellados."""
    confiable = huella_central(sesion)
    if confiable is None:
        raise EntradaRechazada(
            "El acuse trae el resultado de la Coordinación, pero esta oficina aún no tiene fijada la huella de la llave de la "
            "central para comprobarlo: cópiela de la ficha impresa de la central con «fijar-central HUELLA» (o en "
            "Configuración) y vuelva a aplicar el acuse. No se aplicó nada.", "CENTRAL_DESCONOCIDA")
    bloque = acuse.get("coordinacion")
    try:
        publica = base64.b64decode(bloque.get("llave_publica"), validate=True) if isinstance(bloque, dict) else b""
    except (ValueError, TypeError):
        publica = b""
    bloque = politica.coordinacion_admisible(local, acuse, confiable, llaves.huella(publica))
    if len(publica) != 32 or not _sello_valido(publica, bloque["sello"], cuerpo_sello(bloque, local.clave, bloque["registros"])):
        raise Rechazo("RESULTADO_NO_VERIFICADO", "La firma del sello de la central no corresponde a los registros que trae.")
    politica.resultados_concuerdan(acuse["registros"], bloque["registros"])
    politica.resultados_del_paquete(sesion, acuse)
    return bloque


def _paquetes_municipales(sesion: Session, oficina: str, revisiones: dict[str, int]) -> dict[str, PaqueteEntrada]:
    """A cuál paquete recibido de `oficina` corresponde cada registro, según el libro de paquetes recibidos: el más
    reciente que lo trajo en esa revisión (o, si ninguno, el más reciente que lo trajo)."""
    exacto: dict[str, PaqueteEntrada] = {}
    cualquiera: dict[str, PaqueteEntrada] = {}
    for paquete in sesion.scalars(select(PaqueteEntrada).where(PaqueteEntrada.oficina == oficina)
                                  .order_by(PaqueteEntrada.secuencia.desc())):
        for ident, revision, *_ in paquete.conteos.get("registros", []):
            if ident in revisiones:
                cualquiera.setdefault(ident, paquete)
                if revision == revisiones[ident]:
                    exacto.setdefault(ident, paquete)
    return {i: exacto.get(i) or cualquiera[i] for i in revisiones if i in cualquiera}


def hay_municipales(sesion: Session, acuse: dict[str, Any]) -> bool:
    """¿Es el acuse de la central a esta estatal y trae registros de alguna de sus municipales?"""
    local = oficina_local(sesion)
    if local.tipo != "estatal" or acuse.get("emisor") != CLAVE_CENTRAL or acuse.get("oficina_destino") != local.clave:
        return False
    return any(politica.reenvia_a(local, o) for o in _por_origen(sesion, acuse["registros"]))


def para_municipales(sesion: Session, acuse: dict[str, Any], privada: Ed25519PrivateKey, autor: str) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """En la estatal, tras aplicar el acuse de la central: un acuse firmado por la estatal por cada paquete municipal
    cuyos registros iban en el paquete acusado, con SOLO los registros de esa municipal y el sello de la central.

    Devuelve [(nombre de archivo, acuse)] y los avisos de lo que no se pudo reenviar. No escribe nada."""
    local = oficina_local(sesion)
    avisos: list[str] = []
    if not hay_municipales(sesion, acuse):
        return [], avisos
    sellos = acuse.get("sellos") if isinstance(acuse.get("sellos"), dict) else {}
    central = sesion.get(Llave, acuse["huella_firmante"])
    propia = llaves.huella(llaves.publica_cruda(privada))
    salida: list[tuple[str, dict[str, Any]]] = []
    for oficina, registros in sorted(_por_origen(sesion, acuse["registros"]).items()):
        if not politica.reenvia_a(local, oficina):
            continue
        sello = sellos.get(oficina)
        if central is None or not isinstance(sello, str) or not _sello_valido(central.publica, sello, cuerpo_sello(acuse, oficina, registros)):
            avisos.append(f"El acuse de la central no trae un sello válido para {oficina} (¿programa anterior en la central?): "
                          f"sus {len(registros)} registros no se reenviaron.")
            continue
        paquetes = _paquetes_municipales(sesion, oficina, {r["id"]: r["revision"] for r in registros})
        sin_paquete = [r for r in registros if r["id"] not in paquetes]
        if sin_paquete:
            avisos.append(f"{len(sin_paquete)} registros de {oficina} no están en ningún paquete recibido de esa oficina: no se reenviaron.")
        coordinacion = {c: acuse[c] for c in ("paquete", "huella_paquete", "oficina_destino", "emisor", "emitido_en", "huella_firmante", "autor")}
        coordinacion |= {"llave_publica": base64.b64encode(central.publica).decode(), "oficina": oficina, "sello": sello, "registros": registros}
        for paquete in sorted({p.id: p for p in paquetes.values()}.values(), key=lambda p: p.secuencia):
            if not politica.es_id_de_paquete(paquete.id):  # una base anterior pudo guardarlo: nunca en un nombre de archivo
                avisos.append(f"El paquete {paquete.id[:36]!r} de {oficina} tiene un id que no puede ir en un nombre de archivo: "
                              "su acuse no se reenvió.")
                continue
            cuerpo = {
                "formato": FORMATO_ACUSE, "paquete": paquete.id, "huella_paquete": paquete.sha256, "oficina_destino": oficina,
                "secuencia": paquete.secuencia, "emisor": local.clave, "emitido_en": acuse["emitido_en"], "autor": autor,
                "huella_firmante": propia, "registros": [r for r in registros if paquetes.get(r["id"]) is paquete],
                "coordinacion": coordinacion,
            }
            salida.append((nombre_reenviado(oficina, paquete.secuencia), firmar_documento(cuerpo, privada)))
    return salida, avisos


def resultado_de(sesion: Session, id_accion: str) -> str:
    """«Aceptada por la Coordinación (acuse del 22/11/2026)», «Observada por la oficina superior E07…», o "" si no
    ha vuelto ningún acuse para la acción."""
    aplicado = sesion.get(AcuseAplicado, id_accion)
    if aplicado is None or aplicado.estado not in ("aceptada", "observada"):
        return ""
    quien = quien_acusa(aplicado.origen)
    texto = f"{aplicado.estado.capitalize()} por {quien} (acuse del {aplicado.emitido_en.strftime('%d/%m/%Y')})"
    if aplicado.estado == "observada":
        obs = sesion.scalar(select(Observacion.texto).where(Observacion.accion_id == id_accion, Observacion.oficina == aplicado.origen)
                            .order_by(Observacion.creada_en.desc()).limit(1))
        if obs:
            return f"{texto}: {obs}"
    return texto + "."


def nombre_reenviado(oficina: str, secuencia: int) -> str:
    """`acuse-M07089-0003.json`: la oficina y el número del paquete que acusa, como los lee quien los lleva."""
    return f"acuse-{oficina}-{secuencia:04d}.json"


def quien_acusa(origen: str) -> str:
    """Quién decidió un resultado, como lo lee una persona."""
    if origen == CLAVE_CENTRAL:
        return "la Coordinación"
    return f"la oficina superior {origen}" if origen else "la oficina superior"


def quien_observa(oficina: str, local: str) -> str:
    """«de la Coordinación», «de la oficina superior» o «de esta oficina», según quién dejó la observación."""
    if oficina == local:
        return "de esta oficina"
    return "de la Coordinación" if oficina == CLAVE_CENTRAL else "de la oficina superior"
