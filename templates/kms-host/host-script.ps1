# KMS host configuration written by winprep for a running {{WINDOWS}} KMS host (docs/reference/kms.md#registry-values, docs/reference/kms.md#slmgr).
# Run it elevated on the KMS host. {{KEYNOTE}}
param(
    [string]$KeyFile = (Join-Path (Split-Path -Parent $MyInvocation.MyCommand.Path) '{{KEYFILE}}')
)
$ErrorActionPreference = 'Stop'
$slmgr = Join-Path $env:windir 'system32\slmgr.vbs'
$cscript = Join-Path $env:windir 'system32\cscript.exe'

function Invoke-Slmgr {
    param([string[]]$Arguments, [switch]$Quiet)
    if ($Quiet) { & $cscript //nologo $slmgr @Arguments | Out-Null } else { & $cscript //nologo $slmgr @Arguments | Out-Host }
    if ($LASTEXITCODE -ne 0) { throw "slmgr $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

{{STEPS}}
Write-Host 'KMS host configured.'
