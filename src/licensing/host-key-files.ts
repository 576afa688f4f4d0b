/**
 * Where `kms host configure --host-key-file` stages a KMS host key for first boot, inside the image: beside
 * SetupComplete.cmd, which calls the script once at the end of Windows Setup. Shared by the KMS staging (which
 * writes them) and validate (which checks they are only where Setup will consume them).
 */
export const SCRIPTS_DIR = 'Windows/Setup/Scripts';
export const FIRST_BOOT_SCRIPT = 'winprep-kms-host.cmd';
export const FIRST_BOOT_KEY_FILE = 'winprep-kms-host.key';
export const FIRST_BOOT_SCRIPT_PATH = `${SCRIPTS_DIR}/${FIRST_BOOT_SCRIPT}`;
export const FIRST_BOOT_KEY_PATH = `${SCRIPTS_DIR}/${FIRST_BOOT_KEY_FILE}`;
