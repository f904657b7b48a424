"""Códigos estables de rechazo de un paquete, acuse, ficha o aviso y su mensaje para quien lo recibe."""

from __future__ import annotations

from base_local.errores import EntradaRechazada

MENSAJES = {
    "ZIP_INVALIDO": "El archivo no es un paquete zip válido (está dañado, incompleto o cifrado): pida que lo envíen de nuevo.",
    "DEMASIADO_GRANDE": "El paquete excede los límites de tamaño o se infla de forma anómala (posible bomba zip): no se abrió.",
    "RUTA_PELIGROSA": "El paquete contiene rutas peligrosas (../, rutas absolutas o enlaces): se rechaza por seguridad.",
    "ARCHIVO_DUPLICADO": "El paquete repite un nombre de archivo: se rechaza porque no se sabe cuál es el bueno.",
    "FIRMANTE_DESCONOCIDO": "La llave que firmó el paquete no está registrada en esta oficina: registre primero la ficha de la oficina que lo envía.",
    "LLAVE_REVOCADA": "La llave que firmó el paquete fue revocada: pida a la oficina que exporte de nuevo con su llave vigente.",
    "FIRMA_INVALIDA": "La firma no corresponde al contenido: el paquete fue alterado o está dañado. Pida que lo envíen de nuevo.",
    "ARCHIVO_ALTERADO": "Un archivo del paquete no coincide con su huella SHA-256: fue modificado después de firmarse.",
    "ARCHIVO_DE_MAS": "El paquete trae archivos que no están en sus manifiestos firmados: se rechaza.",
    "ARCHIVO_FALTANTE": "Falta un archivo que el manifiesto firmado anuncia: el paquete está incompleto.",
    "ESQUEMA_INVALIDO": "El contenido del paquete no tiene la forma esperada para esta versión del formato.",
    "FUERA_DE_JURISDICCION": "El paquete trae registros de oficinas o lugares fuera de la jurisdicción de quien lo firmó.",
    "REPETIDO_DISTINTO": "Ya se recibió un paquete con ese identificador o número de secuencia pero con otro contenido: posible reenvío alterado.",
    "SECUENCIA_INVALIDA": "El número de secuencia del paquete no es un entero de 1 a 1,000,000,000: el paquete no se abrió más. Pida a la oficina que exporte de nuevo.",
    "CADENA_ROTA": "La huella del paquete anterior no encadena con los paquetes ya recibidos de esa oficina: no se importó nada. Pida a la oficina que reenvíe sus paquetes desde Envíos («Reenviar…») y avise a la coordinación.",
    "FALLA_AL_PROCESAR": "Este archivo no se pudo procesar por una falla del programa: no cambió nada y los demás archivos del lote "
                         "siguieron. Envíe a soporte el archivo y la bitácora indicada.",
    "JSON_INVALIDO": "El archivo no es JSON estricto (UTF-8 válido, sin NaN ni Infinity, sin llaves repetidas, con anidamiento "
                     "y tamaño acotados): no se leyó. Pida a la oficina que lo genere de nuevo.",
    "ORIGEN_AJENO": "Un registro del paquete ya existe en esta base con otra oficina de origen, y el origen de un registro nunca cambia: "
                    "se rechaza el paquete entero. Pida a la oficina que lo envía que revise ese registro.",
    "ORIGEN_INVALIDO": "Un registro trae una oficina de origen que no es una clave válida (CAIMFS, E + entidad, M + municipio del catálogo) "
                       "o que no concuerda con el lugar del registro: se rechaza el paquete.",
    "ORIGEN_REVOCADO": "Un registro viene de una oficina cuya llave está revocada en este registro de oficinas: se rechaza el paquete "
                       "hasta que esa oficina registre una ficha nueva.",
    "LLAVE_RETIRADA": "La llave que lo firmó fue retirada al rotar y ya no puede firmar esto (paquetes posteriores a su última secuencia, "
                      "avisos ni acuses): pida a la oficina que lo firme con su llave vigente.",
    "ACUSE_INVALIDO": "El acuse no tiene la forma de un acuse de recibo o no corresponde a un paquete enviado por esta oficina: no se aplicó.",
    "ACUSE_AJENO": "El acuse no lo firmó la oficina superior registrada de esta oficina, a la que se envió el paquete: no se aplicó.",
    "AVISO_INVALIDO": "El aviso de rotación de llave está incompleto o contradice lo ya recibido: no se registró.",
    "FICHA_INVALIDA": "El archivo no es una ficha de registro ni un aviso de rotación completo: pida a la oficina que lo genere de nuevo.",
    "CLAVE_INVALIDA": "La clave de oficina no sigue la gramática (CAIMFS, E + entidad, M + municipio del catálogo) o no concuerda con "
                      "su tipo, entidad, municipio y superior: no se registró.",
    "CLAVE_YA_REGISTRADA": "Esa oficina ya está registrada con otra llave activa: si cambió de llave, registre su aviso de rotación; "
                           "si la perdió, revoque primero la anterior. No se registró.",
    "LLAVE_YA_REGISTRADA": "Esa llave ya está registrada para otra oficina: una llave pertenece a una sola oficina. No se registró.",
    "REGLA_INCUMPLIDA": "Un registro del paquete no cumple las reglas del formulario (catálogos, fechas, cifras, longitudes o caracteres de control): pida a la oficina que lo corrija y exporte de nuevo. No se importó nada del paquete.",
    "EVIDENCIA_INVALIDA": "Un registro describe una evidencia que no es válida (su nombre no es una huella SHA-256 o su tamaño no es posible): pida a la oficina que exporte de nuevo. No se importó nada del paquete.",
    "EVIDENCIA_FALTANTE": "Un registro cita una evidencia que el paquete no trae (o que no pesa lo que dice) y que esta oficina no tiene guardada: pida a la oficina que exporte de nuevo con sus evidencias. No se importó nada del paquete.",
    "RESULTADO_NO_VERIFICADO": "El acuse dice traer el resultado de la Coordinación, pero no lo prueba: el sello de la central que "
                               "lleva dentro falta, no lo firmó la llave de la Coordinación que conoce esta oficina, no corresponde "
                               "a los registros que trae o es para otra oficina. No se aplicó nada: pida a su oficina estatal que "
                               "lo escriba de nuevo desde el acuse de la central.",
    "RESULTADO_NO_CONCUERDA": "La oficina estatal atribuye a la Coordinación un resultado distinto del que selló la central (otro "
                              "estado, otra observación, otra revisión u otra fecha): no se aplicó nada. Avise a la Coordinación.",
    "NO_ES_PARA_ESTA_OFICINA": "El paquete no está cifrado para esta oficina, o su lista firmada de destinatarios no la nombra (alguien "
                               "lo volvió a cifrar para quien no debía recibirlo): no se importó nada. Pida a la oficina que lo "
                               "exporte de nuevo para su oficina superior y avise a la coordinación.",
    "CIFRADO_DANADO": "El archivo cifrado (.age) está dañado, truncado o fue alterado: no se pudo descifrar y no se importó nada. "
                      "Pida que lo envíen de nuevo (desde Envíos, «Reenviar…»).",
    "IDENTIDAD_REQUERIDA": "El paquete está cifrado y para abrirlo hace falta la llave de cifrado de esta oficina: escriba la frase "
                           "de acceso (en la línea de órdenes, FSUR_FRASE o la terminal). No se importó nada.",
    "CIFRADO_OBLIGATORIO": "Esta oficina exige paquetes cifrados y la oficina que lo envía tiene su llave de cifrado registrada, "
                           "pero el paquete llegó sin cifrar: no se importó nada. Pida que lo exporte de nuevo (saldrá cifrado, "
                           "envio-….zip.age) con una versión actual del programa.",
    "CENTRAL_INVALIDA": "Esa huella no puede ser la de la Coordinación: es la llave de otra oficina registrada en esta base. No se "
                        "fijó nada: copie la huella de la ficha impresa de la central (no la que le dicte su oficina superior).",
    "APROBACION_NO_PERMITIDA": "Esta oficina no puede aprobar ese trimestre: la Coordinación aprueba a las oficinas estatales y "
                               "municipales; una estatal, a las municipales de su entidad. No se aprobó nada.",
    "TRIMESTRE_INVALIDO": "El trimestre no está escrito como AAAAT# (por ejemplo 2026T1): corríjalo y repita. No se aprobó nada.",
    "TRIMESTRE_SIN_EMPEZAR": "Ese trimestre aún no empieza: no hay nada que aprobar. No se aprobó nada.",
    "PERIODO_YA_APROBADO": "Ese trimestre de esa oficina ya estaba aprobado: quítelo de la selección y repita. No se aprobó nada.",
    "PLAZO_INVALIDO": "El plazo de envío es un número entero de días de 0 a 120 después del cierre del trimestre: corríjalo. "
                      "No se cambió.",
    "SALIDA_INVALIDA": "No se pudo escribir en la carpeta de salida (no es una carpeta, o una carpeta ocupa el nombre de un archivo "
                       "que se iba a escribir): elija otra carpeta con --salida y repita; nada más cambió.",
    "RESPALDO_DE_OTRA_OFICINA": "El respaldo no es de esta oficina: no se usó y no se modificó nada (la base de la carpeta sigue igual). Elija un "
                                "respaldo de la carpeta respaldos/ de esta oficina (para llevar una oficina a una computadora "
                                "nueva use «recuperar-oficina» en una carpeta vacía, con la llave y la frase de esa oficina).",
    "RESPALDO_DE_OTRA_LLAVE": "El respaldo dice ser de esta oficina pero su llave activa no es la de la carpeta (es de antes de "
                              "una rotación de llave, o el archivo no es un respaldo genuino): no se usó y no se modificó nada "
                              "(la base de la carpeta sigue igual). Elija un respaldo guardado después de la última rotación.",
}


class Rechazo(EntradaRechazada):
    """Rechazo con un código de MENSAJES; la CLI y las páginas lo tratan como cualquier entrada rechazada."""

    def __init__(self, codigo: str, detalle: str = "") -> None:
        super().__init__(f"{MENSAJES[codigo]}{' ' + detalle if detalle else ''}", codigo)
        self.detalle = detalle
