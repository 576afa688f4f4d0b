/** Windows\Setup\State\State.ini: `[State]` / `ImageState="…"` mirrors the registry ImageState (docs/reference/setup-state.md#image-state). */
import {decodeXml} from '../../unattend/index.js';

export function imageStateFromIni(bytes: Buffer): string | undefined {
  // Same BOM / UTF-16 sniffing as answer files: State.ini may be saved either way.
  const text = decodeXml(bytes);
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      continue;
    }
    const pair = /^ImageState\s*=\s*(.*)$/i.exec(line);
    if (pair && section === 'state') return pair[1]!.trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
