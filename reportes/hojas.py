"""Hojas de una página: carátula del paquete, acuse de recibo y ficha de registro de la oficina."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from base_local.modelos import Accion
from base_local.oficinas import DatosOficina, datos_oficina
from base_local.periodos import etiqueta_periodo
from formularios.campos import ETIQUETAS_SEXO, SEXOS
from formularios.legible import fecha_local, momento_local, plural
from reportes.pdf_base import (
    GRANDE,
    SUBTITULO,
    TEXTO,
    TITULO,
    TROZO,
    construir,
    firmas,
    limpio,
    miles,
    p,
    qr,
    tabla,
    tablas,
)


def _legible(hexadecimal: str) -> str:
    h = hexadecimal.upper()
    grupos = [h[i : i + 4] for i in range(0, len(h), 4)]
    return "\n".join(" ".join(grupos[i : i + 8]) for i in range(0, len(grupos), 8))


def _datos(filas: list[tuple[str, Any]]) -> Table:
    t = Table([[k, v if not isinstance(v, str) or len(v) < 70 else p(v)] for k, v in filas], colWidths=[5 * cm, 12 * cm])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return t


def _cifrado_para(envio: dict[str, Any]) -> str:
    """«cifrado para: E07 (huella …), custodia (huella …)» de la lista firmada; sin ella, «sin cifrar»."""
    lista = [d for d in envio.get("cifrado_para") or [] if isinstance(d, dict)]
    if not lista:
        return "sin cifrar"
    return "cifrado para: " + ", ".join(f"{d.get('para', '')} (huella {_legible(str(d.get('huella', '')))[:39]})" for d in lista)


def caratula(destino: Path, envio: dict[str, Any], huella_paquete: str, responsable: str, archivo: str) -> Path:
    """Carátula impresa que acompaña al paquete (USB o correo)."""
    c = envio["conteos"]
    elementos = [
        p("Carátula de paquete de envío", TITULO),
        _datos([("Oficina", f"{envio['oficina']} — {envio.get('nombre_oficina', '')}"), ("Periodo", etiqueta_periodo(envio["periodo"])),
                ("Número de paquete", str(envio["secuencia"])), ("Identificador", envio["id"]), ("Archivo", Path(archivo).name),
                ("Creado", momento_local(envio["creado_en"])),
                ("Registros", f"{miles(c['registros'])} (de ellos {plural(c['anuladas'], 'anulación', 'anulaciones')}); "
                              f"{plural(c['evidencias'], 'evidencia')}"),
                ("Cifrado", _cifrado_para(envio))]),
        p("Personas atendidas (registros vivos del paquete)", SUBTITULO),
        tabla([[ETIQUETAS_SEXO[s] for s in SEXOS] + ["Total"], [c[s] for s in (*SEXOS, "total")]], [3.4 * cm] * 5, numericas=range(5)),
        p("Huella de la llave que firmó (SHA-256)", SUBTITULO), p(_legible(envio["huella_firmante"]), GRANDE),
        p("Huella del paquete (SHA-256 del manifiesto firmado)", SUBTITULO),
    ]
    fila_qr = Table([[p(_legible(huella_paquete), GRANDE), qr(huella_paquete)]], colWidths=[13 * cm, 4 * cm])
    fila_qr.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    anterior = envio["sha256_anterior"]
    elementos += [fila_qr, p(f"Paquete anterior: {_legible(anterior[:32]) + '…' if anterior else 'ninguno (primer paquete)'}", TEXTO),
                  Spacer(1, 0.6 * cm),
                  p("Quien recibe verifica que la huella del paquete coincida con la que calcula el programa al importarlo.", TEXTO),
                  firmas([(responsable, f"Enlace que entrega · {envio.get('nombre_oficina') or envio['oficina']}"),
                          ("", "Titular de la oficina"), ("", "Recibe (nombre, fecha y hora)")])]
    return construir(destino, f"Carátula del paquete {envio['secuencia']} de {envio['oficina']}", elementos)


RENGLON_TITULO = ParagraphStyle("renglon_titulo", parent=TEXTO, fontName="Helvetica-Bold", spaceBefore=6)
ESTADOS_ACUSE = {"aceptada": ("aceptada", "aceptadas"), "observada": ("observada", "observadas"),
                 "conflicto": ("en conflicto", "en conflicto"), "obsoleta": ("obsoleta", "obsoletas")}


def titulos(sesion: Session, ids: list[str]) -> dict[str, tuple[str, Any]]:
    """{id: (título, fecha de inicio)} de las acciones que nombra un acuse, para imprimirlas como las reconoce la oficina."""
    return {i: (t, f) for i, t, f in sesion.execute(select(Accion.id, Accion.titulo, Accion.fecha_inicio).where(Accion.id.in_(ids)))}


def resultado_del_acuse(registros: list[dict[str, Any]]) -> str:
    """«3 aceptadas, 1 observada» (solo los estados que aparecen)."""
    conteo = {e: sum(r["estado"] == e for r in registros) for e in ESTADOS_ACUSE}
    return ", ".join(plural(n, *ESTADOS_ACUSE[e]) for e, n in conteo.items() if n) or "sin registros"


def oficinas_del_acuse(sesion: Session, documento: dict[str, Any]) -> dict[str, DatosOficina]:
    """Las oficinas que emite y recibe el acuse, como las registra esta base (nombre y responsable)."""
    claves = {documento.get("emisor"), documento.get("oficina_destino")} - {None}
    return {c: o for c in claves if (o := datos_oficina(sesion, str(c))) is not None}


def _oficina(clave: str, oficinas: dict[str, DatosOficina]) -> str:
    return f"{clave} — {oficinas[clave].nombre}" if clave in oficinas else clave


def acuse(destino: Path, documento: dict[str, Any], nombres: dict[str, tuple[str, Any]] | None = None,
          oficinas: dict[str, DatosOficina] | None = None) -> Path:
    """Acuse de recibo impreso: cada acción por su título y fecha (de `titulos`), su resultado y sus observaciones;
    firma la persona responsable de la oficina que emite (de `oficinas_del_acuse`), nunca el usuario del sistema.
    Una observación larga (hasta 20,000 caracteres) se imprime completa a todo lo ancho al final, en tantas páginas
    como necesite; en la tabla va su principio y el número con que aparece allá."""
    registros = documento["registros"]
    nombres, oficinas = nombres or {}, oficinas or {}
    emisor = oficinas.get(documento["emisor"])
    filas = sorted(registros, key=lambda r: (str(nombres.get(r["id"], ("", ""))[1] or ""), nombres.get(r["id"], ("", ""))[0]))
    completas: list[tuple[str, str]] = []

    def titulo(r: dict[str, Any]) -> str:
        return nombres[r["id"]][0] if r["id"] in nombres else f"(acción {r['id'][:8]}, ya no está en esta base)"

    def observacion(r: dict[str, Any]) -> str:
        texto = str(r.get("observacion") or "")
        if len(texto) <= TROZO:
            return texto
        completas.append((titulo(r), texto))
        return f"{limpio(texto, 300)} (sigue completa en «Observaciones completas», n.º {len(completas)})"

    elementos = [
        p("Acuse de recibo", TITULO),
        _datos([("Emite", _oficina(documento["emisor"], oficinas)), ("Para la oficina", _oficina(documento["oficina_destino"], oficinas)),
                ("Paquete", f"número {documento['secuencia']}"), ("Emitido", momento_local(documento["emitido_en"])),
                ("Resultado", resultado_del_acuse(registros))]),
        p("Huella del paquete recibido", SUBTITULO), p(_legible(documento["huella_paquete"]), GRANDE),
        p("Acciones del paquete", SUBTITULO),
        *tablas([["Acción", "Fecha", "Rev.", "Resultado", "Observación"]]
                + [[titulo(r), fecha_local(nombres.get(r["id"], ("", None))[1]), r["revision"],
                    ESTADOS_ACUSE.get(r["estado"], (r["estado"],))[0], observacion(r)] for r in filas],
                [6.5 * cm, 2 * cm, 1.1 * cm, 2.2 * cm, 5.2 * cm], numericas=[2]),
    ]
    if completas:
        elementos.append(p("Observaciones completas", SUBTITULO))
        for n, (nombre, texto) in enumerate(completas, start=1):
            elementos += [p(f"{n}. {nombre}", RENGLON_TITULO), p(texto, TEXTO)]
    elementos += [
        Spacer(1, 0.4 * cm), p(f"Firmado electrónicamente con la llave {documento['huella_firmante'][:16]}… de {documento['emisor']}.", TEXTO),
        firmas([(emisor.responsable if emisor else "", f"Recibió · responsable de {emisor.nombre if emisor else documento['emisor']}"),
                ("", "Sello de la oficina")]),
    ]
    return construir(destino, f"Acuse del paquete {documento['secuencia']} de {documento['oficina_destino']}", elementos)


def ficha(destino: Path, documento: dict[str, Any]) -> Path:
    """Ficha de registro con la huella de la llave en letra grande, para compararla en papel o por teléfono."""
    o = documento["oficina"]
    elementos = [
        p("Ficha de registro de oficina", TITULO),
        _datos([("Clave", o["clave"]), ("Tipo", o["tipo"]), ("Nombre", o["nombre"]), ("Responsable", o["responsable"]),
                ("Entidad", o.get("entidad") or "—"), ("Municipio", o.get("municipio") or "—"), ("Oficina superior", o.get("superior") or "—"),
                ("Emitida", fecha_local(documento["emitida"]))]),
        p("Huella de la llave pública (SHA-256)", SUBTITULO),
        p(_legible(documento["huella"]).replace("\n", "   "), GRANDE), Spacer(1, 0.3 * cm), qr(documento["huella"]),
        p("La oficina superior registra el archivo de esta ficha y compara esta huella, grupo por grupo, con la que "
          "muestra el programa antes de confiar en los paquetes de esta oficina.", TEXTO),
        firmas([(o["responsable"], f"Responsable de {o['nombre']}"), ("", "Registró en la oficina superior (nombre y fecha)")]),
    ]
    return construir(destino, f"Ficha de registro de {o['clave']}", elementos)
