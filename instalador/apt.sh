#!/usr/bin/env bash
# Instala paquetes de Debian que falten; si otro proceso tiene el candado de dpkg, espera y reintenta.
set -euo pipefail
faltan=()
for paquete in "$@"; do
    dpkg-query -W -f='${Status}' "$paquete" 2>/dev/null | grep -q "install ok installed" || faltan+=("$paquete")
done
[ ${#faltan[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
for intento in $(seq 1 60); do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${faltan[@]}"; then exit 0; fi
    [ "$intento" -eq 1 ] && { $sudo apt-get update || true; }
    echo "apt-get ocupado o falló (intento $intento); reintento en 10 s" >&2
    sleep 10
done
exit 1
