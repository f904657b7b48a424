"""Errores del dominio que se muestran a la persona tal cual: dicen qué pasó y cómo corregirlo."""


class EntradaRechazada(Exception):
    """Una entrada del usuario no se aceptó; no se modificó nada. La CLI sale con código 2."""

    def __init__(self, mensaje: str, codigo: str = "ENTRADA_RECHAZADA") -> None:
        super().__init__(mensaje)
        self.codigo = codigo
