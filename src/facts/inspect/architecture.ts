/** The image's architecture from the PE machine field of kernel32.dll, as wimlib derives ARCH (docs/reference/wim.md#xml-metadata). */
import type {Architecture} from '../facts.js';

const MACHINES: Record<number, Architecture> = {
  0x014c: 'x86',
  0x8664: 'amd64',
  0xaa64: 'arm64',
  0x0200: 'ia64',
};

export function architectureFromPe(file: Buffer | undefined): Architecture {
  if (!file || file.length < 0x40 || file.toString('latin1', 0, 2) !== 'MZ') return 'unknown';
  const peOffset = file.readUInt32LE(0x3c);
  if (peOffset + 6 > file.length || file.toString('latin1', peOffset, peOffset + 4) !== 'PE\0\0') return 'unknown';
  return MACHINES[file.readUInt16LE(peOffset + 4)] ?? 'unknown';
}

/** PROCESSOR_ARCHITECTURE of the system environment (AMD64, x86, ARM64, IA64), a fallback when kernel32 is absent. */
export function architectureFromEnvironment(value: string | undefined): Architecture {
  switch (value?.trim().toUpperCase()) {
    case 'AMD64':
      return 'amd64';
    case 'X86':
      return 'x86';
    case 'ARM64':
      return 'arm64';
    case 'IA64':
      return 'ia64';
    default:
      return 'unknown';
  }
}
