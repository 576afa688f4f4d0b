/** RegKey over one key node; every call reads the hive afresh, so it sees later writes. */
import {readFiletime} from './filetime.js';
import {NK, nkAt} from './nk.js';
import {findSubkey, findValue, keyName, readClassName, readValue, subkeyEntries, valueCells} from './reader.js';
import type {HiveStore} from './store.js';
import type {RegKey, RegValue} from './types.js';

export class HiveKey implements RegKey {
  readonly name: string;

  constructor(
    private readonly store: HiveStore,
    /** Cell offset of the key node; stable for the key's lifetime (nodes never move). */
    readonly cell: number,
    readonly path: string,
    isRoot = false,
  ) {
    // The root's stored name (e.g. CMI-CreateHive{…}) plays no part in paths (docs/reference/hive-format.md#new-hive).
    this.name = isRoot ? '' : keyName(store, cell);
  }

  get lastWritten(): Date {
    return readFiletime(this.store.buf, nkAt(this.store, this.cell) + NK.timestamp);
  }

  get className(): string | undefined {
    return readClassName(this.store, this.cell);
  }

  private childPath(name: string): string {
    return this.path === '' ? name : `${this.path}\\${name}`;
  }

  subkeys(): RegKey[] {
    return subkeyEntries(this.store, this.cell).map((entry) => {
      const name = keyName(this.store, entry.cell);
      return new HiveKey(this.store, entry.cell, this.childPath(name));
    });
  }

  subkey(name: string): RegKey | undefined {
    const cell = findSubkey(this.store, this.cell, name);
    return cell === undefined ? undefined : new HiveKey(this.store, cell, this.childPath(keyName(this.store, cell)));
  }

  values(): RegValue[] {
    return valueCells(this.store, this.cell).map((cell) => readValue(this.store, cell));
  }

  value(name: string): RegValue | undefined {
    const found = findValue(this.store, this.cell, name);
    return found === undefined ? undefined : readValue(this.store, found.cell);
  }
}
