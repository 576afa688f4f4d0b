/** A parsed `.reg` file (Windows Registry Editor Version 5.00). */
import type {RegValue} from './types.js';

export interface RegEntry {
  /** '' for the default value (`@`). */
  name: string;
  /** Absent for a deletion (`"name"=-`). */
  value?: RegValue;
  line: number;
}

export interface RegSection {
  /** Full path as written, e.g. `HKEY_LOCAL_MACHINE\SYSTEM\Setup`, root abbreviations expanded. */
  path: string;
  /** `[-path]`: delete the key and everything below it. */
  remove: boolean;
  entries: RegEntry[];
  line: number;
}

export interface RegDocument {
  sections: RegSection[];
}

export const REG_HEADER = 'Windows Registry Editor Version 5.00';
