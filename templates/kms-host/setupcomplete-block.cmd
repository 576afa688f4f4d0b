rem >>> winprep kms-host: installs the KMS host key and activates once, then deletes the key and its script
if exist "%~dp0{{SCRIPT}}" call "%~dp0{{SCRIPT}}"
if exist "%~dp0{{SCRIPT}}" del /f /q "%~dp0{{SCRIPT}}"
rem <<< winprep kms-host
