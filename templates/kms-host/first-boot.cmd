@echo off
rem winprep: install the KMS host key (CSVLK) and activate online, once, at the end of Windows Setup.
rem Called from SetupComplete.cmd as LocalSystem; never restarts the computer (docs/reference/setup-state.md#setupcomplete).
rem The key is read from {{KEYFILE}} next to this script and that file is deleted right after /ipk,
rem whether or not the install succeeded; slmgr's /ipk output (which repeats the key) is not logged.
setlocal
set "SLMGR=%windir%\system32\cscript.exe //nologo %windir%\system32\slmgr.vbs"
set "KEYFILE=%~dp0{{KEYFILE}}"
set "LOG=%windir%\Setup\Scripts\winprep-kms-host.log"
if not exist "%KEYFILE%" goto done
set /p KMSHOSTKEY=<"%KEYFILE%"
%SLMGR% /ipk %KMSHOSTKEY% >nul 2>&1
set "IPK=%ERRORLEVEL%"
set "KMSHOSTKEY="
del /f /q "%KEYFILE%"
echo %DATE% %TIME% slmgr /ipk exit code %IPK%>>"%LOG%"
if not "%IPK%"=="0" goto done
%SLMGR% /ato >>"%LOG%" 2>&1
echo %DATE% %TIME% slmgr /ato exit code %ERRORLEVEL%>>"%LOG%"
:done
endlocal
exit /b 0
