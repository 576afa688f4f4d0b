rem winprep:msdtc begin - give this clone its own MSDTC CID (domain.md 1.2); MSDTC settings return to defaults
msdtc -uninstall
msdtc -install
rem winprep:msdtc end
