rem winprep:msdtc begin - give this clone its own MSDTC CID (docs/reference/generalization.md#msdtc-cid); MSDTC settings return to defaults
msdtc -uninstall
msdtc -install
rem winprep:msdtc end
