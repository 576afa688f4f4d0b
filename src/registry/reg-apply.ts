/** Apply a parsed `.reg` document to a hive, mapping key paths through the hive's mount prefix. */
import {badInput} from '../errors.js';
import type {Integer} from '../json-types.js';
import type {Hive} from './hive.js';
import {stripMountPrefix} from './mount.js';
import {splitBackslashPath} from './paths.js';
import type {RegDocument} from './reg-types.js';

export interface ApplyOptions {
  /** Where the hive is mounted, e.g. `HKEY_LOCAL_MACHINE\SYSTEM`; '' when paths are relative to the root. */
  mountPrefix: string;
  /** The .reg file, for messages. */
  file?: string;
}

export interface ApplySummary {
  keysCreated: Integer;
  keysDeleted: Integer;
  valuesSet: Integer;
  valuesDeleted: Integer;
}

/** Apply every section in order; checks all paths against the mount prefix before changing anything. */
export function applyReg(hive: Hive, reg: RegDocument, options: ApplyOptions): ApplySummary {
  const summary: ApplySummary = {keysCreated: 0, keysDeleted: 0, valuesSet: 0, valuesDeleted: 0};
  const targets = reg.sections.map((section) => {
    const relative = stripMountPrefix(section.path, options.mountPrefix);
    if (relative === undefined) {
      throw badInput(`line ${section.line}: key ${section.path} is outside this hive, which is mounted at ${options.mountPrefix || '(no prefix)'}`, {
        file: options.file,
        code: 'REG_OUTSIDE_HIVE',
        hint: 'pass --prefix with the key the hive is mounted at',
      });
    }
    // Key names may contain `/`, so .reg paths split on `\` only.
    return {section, parts: splitBackslashPath(relative)};
  });
  for (const {section, parts} of targets) {
    if (section.remove) {
      if (parts.length === 0) throw badInput(`line ${section.line}: the hive's root key cannot be deleted`, {file: options.file, code: 'REG_ROOT_DELETE'});
      if (hive.deleteKeyAt(parts)) summary.keysDeleted++;
      continue;
    }
    if (!hive.keyAt(parts)) {
      hive.createKeyAt(parts);
      summary.keysCreated++;
    }
    for (const entry of section.entries) {
      if (entry.value) {
        const old = hive.keyAt(parts)?.value(entry.name);
        if (old && old.type === entry.value.type >>> 0 && old.data.equals(entry.value.data)) continue;
        hive.setValueAt(parts, entry.value);
        summary.valuesSet++;
      } else if (hive.deleteValueAt(parts, entry.name)) {
        summary.valuesDeleted++;
      }
    }
  }
  return summary;
}
