"""La línea de comandos: un módulo por grupo de órdenes, cada uno una capa delgada que lee los argumentos, llama
a una función del dominio e imprime; entrada.py las junta. No sabe nada de la ventana."""
