; Inno Setup script: wraps the PyInstaller folder into a Windows installer.
; Build on Windows, after `python packaging\build.py`:
;     iscc /DAppVersion=0.1.0 packaging\windows\installer.iss
; Output: dist\AITasker-Desktop-<version>-setup.exe (per-user install, no admin rights).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1B7E7A-3F0B-4B8E-9C57-5D8A1E2C4F10}
AppName=AITasker Desktop
AppVersion={#AppVersion}
AppPublisher=AITasker
AppPublisherURL=https://aitasker.co
DefaultDirName={localappdata}\Programs\AITasker Desktop
DefaultGroupName=AITasker Desktop
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=AITasker-Desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\generated\aitasker-desktop.ico
UninstallDisplayIcon={app}\aitasker-desktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\aitasker-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\AITasker Desktop"; Filename: "{app}\aitasker-desktop.exe"
Name: "{userdesktop}\AITasker Desktop"; Filename: "{app}\aitasker-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\aitasker-desktop.exe"; Description: "Start AITasker Desktop"; Flags: nowait postinstall skipifsilent
