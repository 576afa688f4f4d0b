@echo off
rem KMS host configuration written by winprep for a running {{WINDOWS}} KMS host (docs/reference/kms.md#registry-values, docs/reference/kms.md#slmgr).
rem Run it elevated on the KMS host. {{KEYNOTE}}
setlocal
set "SLMGR=%windir%\system32\cscript.exe //nologo %windir%\system32\slmgr.vbs"
{{STEPS}}
echo KMS host configured.
endlocal
exit /b 0

:failed
echo winprep: %FAILED% failed (exit code %RC%); nothing after it was run. 1>&2
endlocal
exit /b 1
