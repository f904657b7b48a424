"""Construcción del instalador de Windows (pynsist sobre Linux); no forma parte del programa instalado."""
