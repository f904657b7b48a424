"""Hojas de una página: carátula del paquete, acuse de recibo y ficha de registro de la oficina."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle

from formularios.campos import ETIQUETAS_SEXO, SEXOS
from reportes.pdf_base import GRANDE, SUBTITULO, TEXTO, TITULO, construir, firmas, miles, p, qr, tabla


def _legible(hexadecimal: str) -> str:
    h = hexadecimal.upper()
    grupos = [h[i : i + 4] for i in range(0, len(h), 4)]
    return "\n".join(" ".join(grupos[i : i + 8]) for i in range(0, len(grupos), 8))


def _datos(filas: list[tuple[str, Any]]) -> Table:
    t = Table([[k, v if not isinstance(v, str) or len(v) < 70 else p(v)] for k, v in filas], colWidths=[5 * cm, 12 * cm])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return t


def caratula(destino: Path, envio: dict[str, Any], huella_paquete: str, responsable: str, archivo: str) -> Path:
    """Carátula impresa que acompaña al paquete (USB o correo)."""
    c = envio["conteos"]
    elementos = [
        p("Carátula de paquete de envío", TITULO),
        _datos([("Oficina", f"{envio['oficina']} — {envio.get('nombre_oficina', '')}"), ("Periodo", envio["periodo"]),
                ("Número de paquete", str(envio["secuencia"])), ("Identificador", envio["id"]), ("Archivo", Path(archivo).name),
                ("Creado", envio["creado_en"].replace("T", " ").rstrip("Z") + " UTC"),
                ("Registros", f"{miles(c['registros'])} (de ellos {miles(c['anuladas'])} anulaciones); {miles(c['evidencias'])} evidencias")]),
        p("Personas atendidas (registros vivos del paquete)", SUBTITULO),
        tabla([[ETIQUETAS_SEXO[s] for s in SEXOS] + ["Total"], [c[s] for s in (*SEXOS, "total")]], [3.4 * cm] * 5, numericas=range(5)),
        p("Huella de la llave que firmó (SHA-256)", SUBTITULO), p(_legible(envio["huella_firmante"]), GRANDE),
        p("Huella del paquete (SHA-256 del manifiesto firmado)", SUBTITULO),
    ]
    fila_qr = Table([[p(_legible(huella_paquete), GRANDE), qr(huella_paquete)]], colWidths=[13 * cm, 4 * cm])
    fila_qr.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    elementos += [fila_qr, p(f"Paquete anterior: {envio['sha256_anterior'][:32] or 'ninguno (primer paquete)'}…", TEXTO),
                  Spacer(1, 0.6 * cm),
                  p("Quien recibe verifica que la huella del paquete coincida con la que calcula el programa al importarlo.", TEXTO),
                  firmas([f"Enlace que entrega\n{responsable}", "Titular de la oficina", "Recibe (nombre, fecha y hora)"])]
    return construir(destino, f"Carátula del paquete {envio['secuencia']} de {envio['oficina']}", elementos)


def acuse(destino: Path, documento: dict[str, Any]) -> Path:
    """Acuse de recibo impreso: resultado por registro y observaciones."""
    registros = documento["registros"]
    conteo = {e: sum(r["estado"] == e for r in registros) for e in ("aceptada", "observada", "conflicto", "obsoleta")}
    elementos = [
        p("Acuse de recibo", TITULO),
        _datos([("Emite", documento["emisor"]), ("Para la oficina", documento["oficina_destino"]),
                ("Paquete", f"{documento['secuencia']} — {documento['paquete']}"), ("Emitido", documento["emitido_en"].replace("T", " ").rstrip("Z") + " UTC"),
                ("Resultado", ", ".join(f"{miles(v)} {k}s" for k, v in conteo.items()))]),
        p("Huella del paquete recibido", SUBTITULO), p(_legible(documento["huella_paquete"]), GRANDE),
        p("Registros", SUBTITULO),
        tabla([["Registro", "Revisión", "Estado", "Observación"]] + [[r["id"][:8], r["revision"], r["estado"], r["observacion"]] for r in registros],
              [3 * cm, 2 * cm, 2.5 * cm, 9.5 * cm], numericas=[1]),
        Spacer(1, 0.4 * cm), p(f"Firmado electrónicamente con la llave {documento['huella_firmante'][:16]}… de {documento['emisor']}.", TEXTO),
        firmas([f"Recibió: {documento.get('autor', '')}"]),
    ]
    return construir(destino, f"Acuse del paquete {documento['secuencia']} de {documento['oficina_destino']}", elementos)


def ficha(destino: Path, documento: dict[str, Any]) -> Path:
    """Ficha de registro con la huella de la llave en letra grande, para compararla en papel o por teléfono."""
    o = documento["oficina"]
    elementos = [
        p("Ficha de registro de oficina", TITULO),
        _datos([("Clave", o["clave"]), ("Tipo", o["tipo"]), ("Nombre", o["nombre"]), ("Responsable", o["responsable"]),
                ("Entidad", o.get("entidad") or "—"), ("Municipio", o.get("municipio") or "—"), ("Oficina superior", o.get("superior") or "—"),
                ("Emitida", documento["emitida"])]),
        p("Huella de la llave pública (SHA-256)", SUBTITULO),
        p(_legible(documento["huella"]).replace("\n", "   "), GRANDE), Spacer(1, 0.3 * cm), qr(documento["huella"]),
        p("La oficina superior registra el archivo de esta ficha y compara esta huella, grupo por grupo, con la que "
          "muestra el programa antes de confiar en los paquetes de esta oficina.", TEXTO),
        firmas([f"Responsable de la oficina\n{o['responsable']}", "Registró en la oficina superior"]),
    ]
    return construir(destino, f"Ficha de registro de {o['clave']}", elementos)
