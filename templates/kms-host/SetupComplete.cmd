@echo off
rem SetupComplete.cmd written by winprep: Windows Setup runs it once as LocalSystem at the end of setup,
rem before the logon screen. It must not restart the computer (docs/reference/setup-state.md#setupcomplete).
{{BLOCK}}
