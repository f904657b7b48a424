; Instalador de Registro de Acciones — Frontera Sur (plantilla de pynsist; la llena instalador/construir.py).
; Instalación por usuario (sin administrador) en %LOCALAPPDATA%\Programs\RegistroFSur. La carpeta de datos de la
; oficina vive aparte (%LOCALAPPDATA%\registro-acciones-fsur, de platformdirs): ni actualizar ni desinstalar la tocan.
!define PRODUCT_NAME "[[ib.appname]]"
!define PRODUCT_VERSION "[[ib.version]]"
!define PRODUCT_ICON "[[icon]]"
!define CLAVE_DESINSTALAR "Software\Microsoft\Windows\CurrentVersion\Uninstall\${NOMBRE_CORTO}"
!define PYTHONW "$INSTDIR\Python\pythonw.exe"

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
SetDateSave off
RequestExecutionLevel user
Name "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "[[ib.installer_name]]"
InstallDir "$LOCALAPPDATA\Programs\${NOMBRE_CORTO}"
InstallDirRegKey HKCU "${CLAVE_DESINSTALAR}" "InstallLocation"
BrandingText "${PRODUCT_NAME} ${PRODUCT_VERSION}"
ShowInstDetails show

!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!define MUI_FINISHPAGE_RUN "${PYTHONW}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "-m main"
!define MUI_FINISHPAGE_RUN_TEXT "Abrir ${PRODUCT_NAME}"
; Títulos en renglones cortos: «Bienvenido al Asistente de Instalación de <nombre> <versión>» no cabía y se cortaba.
!define MUI_WELCOMEPAGE_TITLE_3LINES
!define MUI_WELCOMEPAGE_TITLE "Registro de Acciones$\r$\nFrontera Sur ${PRODUCT_VERSION}$\r$\nInstalación"
!define MUI_FINISHPAGE_TITLE_3LINES
!define MUI_FINISHPAGE_TITLE "Registro de Acciones$\r$\nFrontera Sur ${PRODUCT_VERSION}$\r$\nquedó instalado"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Spanish"

Section "!${PRODUCT_NAME}" sec_app
  SectionIn RO
  SetShellVarContext current
  ; Actualizar: el intérprete y los paquetes se reemplazan enteros (lo viejo no se mezcla con lo nuevo).
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\pkgs"
  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"

[% for destination, group in grouped_files %]
  SetOutPath "[[destination]]"
  [% for file in group %]
  File "[[file]]"
  [% endfor %]
[% endfor %]
[% for dir, destination in ib.install_dirs %]
  SetOutPath "[[pjoin(destination, dir)]]"
  File /r "[[dir]]\*.*"
[% endfor %]

  ; Accesos directos: abren la ventana con pythonw.exe (sin consola); la carpeta de trabajo es la del usuario.
  SetOutPath "$PROFILE"
  CreateShortCut "$SMPROGRAMS\${PRODUCT_NAME}.lnk" "${PYTHONW}" "-m main" "$INSTDIR\${PRODUCT_ICON}" 0 \
    SW_SHOWNORMAL "" "Captura, paquetes firmados y reportes de la CAIMFS"
  CreateShortCut "$DESKTOP\${PRODUCT_NAME}.lnk" "${PYTHONW}" "-m main" "$INSTDIR\${PRODUCT_ICON}" 0 \
    SW_SHOWNORMAL "" "Captura, paquetes firmados y reportes de la CAIMFS"
  SetOutPath "$INSTDIR"

  DetailPrint "Agregando la orden registro-fsur al PATH del usuario..."
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -Es "$INSTDIR\_system_path.py" add_user "$INSTDIR\bin"'
  DetailPrint "Compilando los módulos de Python..."
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -m compileall -q "$INSTDIR\pkgs"'

  WriteUninstaller "$INSTDIR\desinstalar.exe"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "Publisher" "[[ib.publisher]]"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "UninstallString" '"$INSTDIR\desinstalar.exe"'
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "QuietUninstallString" '"$INSTDIR\desinstalar.exe" /S'
  WriteRegDWORD HKCU "${CLAVE_DESINSTALAR}" "NoModify" 1
  WriteRegDWORD HKCU "${CLAVE_DESINSTALAR}" "NoRepair" 1
SectionEnd

; El desinstalador borra solo lo que el instalador puso. Nunca la carpeta de datos de la oficina (base, llave,
; evidencias, respaldos, paquetes), que vive en otra carpeta; RMDir sin /r deja $INSTDIR si quedó algo ajeno.
Section "Uninstall"
  SetShellVarContext current
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -Es "$INSTDIR\_system_path.py" remove "$INSTDIR\bin"'
  Delete "$SMPROGRAMS\${PRODUCT_NAME}.lnk"
  Delete "$DESKTOP\${PRODUCT_NAME}.lnk"
  RMDir /r "$INSTDIR\pkgs"
[% for file, destination in ib.install_files %]
  Delete "[[pjoin(destination, file)]]"
[% endfor %]
[% for dir, destination in ib.install_dirs %]
  RMDir /r "[[pjoin(destination, dir)]]"
[% endfor %]
  Delete "$INSTDIR\desinstalar.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${CLAVE_DESINSTALAR}"
SectionEnd

; No se instala encima de una carpeta de datos de oficina.
Function .onVerifyInstDir
  IfFileExists "$INSTDIR\registro.sqlite" 0 +2
    Abort
FunctionEnd
