"""Acuses de recibo firmados: la oficina receptora responde por cada registro (aceptada, observada,
conflicto, obsoleta) y la emisora los aplica a sus registros."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.acciones import ahora
from base_local.errores import EntradaRechazada
from base_local.modelos import Accion, AcuseAplicado, Observacion, PaqueteEntrada
from base_local.oficinas import oficina_local
from empaquetado import llaves, politica
from empaquetado.confianza import firma_valida, firmar_documento, llave_confiable

FORMATO_ACUSE = "fsur-acuse/1"
DE_RESULTADO = {"nuevos": "aceptada", "actualizados": "aceptada", "sin_cambios": "aceptada",
                "conflictos": "conflicto", "obsoletos": "obsoleta", "enmiendas": "enmienda"}


def observar(sesion: Session, id_accion: str, texto: str, autor: str) -> dict[str, Any]:
    """Deja una observación sobre una acción recibida; viaja en el siguiente acuse."""
    if not texto.strip():
        raise EntradaRechazada("Escriba el texto de la observación (--texto).")
    accion = sesion.get(Accion, id_accion)
    if accion is None:
        raise EntradaRechazada(f"No existe la acción {id_accion} en esta base.")
    local = oficina_local(sesion)
    sesion.add(Observacion(accion_id=id_accion, revision=accion.revision, autor=autor, oficina=local.clave,
                           texto=texto.strip(), creada_en=ahora()))
    sesion.flush()
    return {"accion": id_accion, "texto": f"Observación registrada en «{accion.titulo}»; saldrá en el acuse."}


def emitir(sesion: Session, id_paquete: str, privada: Ed25519PrivateKey, autor: str) -> dict[str, Any]:
    """Acuse firmado del paquete importado `id_paquete`."""
    paquete = sesion.get(PaqueteEntrada, id_paquete)
    if paquete is None:
        raise EntradaRechazada(f"No se ha importado ningún paquete con id {id_paquete}: impórtelo antes de emitir su acuse.")
    local = oficina_local(sesion)
    observaciones = {
        o.accion_id: o for o in sesion.scalars(select(Observacion).where(Observacion.oficina == local.clave, Observacion.acuse.is_(None)))
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
    sesion.flush()
    return firmar_documento(cuerpo, privada)


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
    conteo = {"aceptada": 0, "observada": 0, "conflicto": 0, "obsoleta": 0, "enmienda": 0, "sin_efecto": 0}
    for r in acuse["registros"]:
        accion = sesion.get(Accion, r["id"])
        estado = r["estado"]
        if accion is None or accion.revision != r["revision"] or accion.estado == "anulada" \
                or not politica.acuse_gana(sesion, local, accion, emitido):
            conteo["sin_efecto"] += 1
            continue
        sesion.merge(AcuseAplicado(accion_id=accion.id, emitido_en=emitido, paquete=acuse["paquete"], estado=estado))
        if estado in ("aceptada", "observada"):
            accion.estado = estado
        if r.get("observacion"):
            ya = sesion.scalar(select(Observacion).where(Observacion.accion_id == accion.id, Observacion.acuse == acuse["paquete"]))
            if ya is None:
                sesion.add(Observacion(accion_id=accion.id, revision=accion.revision, autor=acuse["autor"][:200],
                                       oficina=acuse["emisor"], texto=r["observacion"], creada_en=ahora(),
                                       acuse=acuse["paquete"][:36]))
        conteo[estado] += 1
    sesion.flush()
    return {"acuse": acuse["paquete"], **conteo,
            "texto": f"Acuse aplicado: {conteo['aceptada']} aceptadas, {conteo['observada']} observadas, "
                     f"{conteo['conflicto']} en conflicto, {conteo['obsoleta']} obsoletas, {conteo['enmienda']} enmiendas en espera de aprobación, "
                     f"{conteo['sin_efecto']} sin efecto (de otra revisión, anuladas o con un acuse más reciente ya aplicado)."}


def es_acuse(documento: Any) -> bool:
    return isinstance(documento, dict) and documento.get("formato") == FORMATO_ACUSE



