; Inno Setup script of PZP Desktop (Windows installer; Inno Setup 6.3 or newer).
;
; First build the bundle on Windows (Git Bash): bash build_scripts/build_bundle.sh
; then, from the repository root:
;   iscc /DAppVersion=0.1.0 build_scripts\pyinstaller\windows\pzp-desktop.iss
; Output: dist\pzp-desktop-<version>-setup.exe
;
; Installs dist\pzp-desktop\ (pzp-desktop.exe, windowed; pzp-desktop-cli.exe, console) to
; Program Files (or, without administrator rights, the user's programs folder), a Start menu
; entry, and registers the pzp-desktop:// URL scheme under Software\Classes of HKLM (all
; users) or HKCU (this user) - "HKA" picks the one that matches the install mode. The same
; keys as pzp-desktop-url-scheme.reg; the uninstaller removes them.
;
; The installation-wide configuration (%PROGRAMDATA%\PZP Desktop\config.toml, e.g. with
; force_view_only = true for home care) is deployed by the organisation, not by this
; installer; see resources\config\pzp-desktop.example.toml.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "PZP Desktop"
#define AppExe "pzp-desktop.exe"
#define Root "..\..\.."

[Setup]
AppId={{185E46BF-A44B-448D-893E-E13561D807D3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=pzp-desktop-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\pzp-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#Root}\dist\pzp-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"

[Registry]
; pzp-desktop://launch?iss=…&launch=… and pzp-desktop://patient?bsn=…&fhir-base=…
Root: HKA; Subkey: "Software\Classes\pzp-desktop"; ValueType: string; ValueName: ""; ValueData: "URL:PZP Desktop"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\pzp-desktop"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\pzp-desktop\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\pzp-desktop\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
