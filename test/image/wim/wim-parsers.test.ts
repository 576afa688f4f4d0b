/**
 * The WIM header, blob table and integrity table parsers (src/image/wim/): resource headers round-trip for
 * any size and offset; random corruption of a real WIM's header and blob table is either read or refused as
 * bad input (exit 3), never a crash; the layout's holes are exactly the complement of what is used.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../../src/errors.js';
import {BLOB_ENTRY_SIZE, encodeBlobEntry, parseBlobTable} from '../../../src/image/wim/blob-table.js';
import {type ResourceHeader, WIM_HEADER_SIZE, parseHeader, readResourceHeader, writeResourceHeader} from '../../../src/image/wim/header.js';
import {encodeIntegrityTable, parseIntegrityTable} from '../../../src/image/wim/integrity.js';
import {complement, readWimLayout} from '../../../src/image/wim/layout.js';
import {requireTools} from '../../helpers/tools.js';
import {makeFolderImage, tempDir, wimFolder} from '../helpers.js';
import {seededRandom} from '../../helpers/seeded-random.js';

describe('image/wim parsers', function () {
  it('resource headers round-trip for sizes up to 2^56 - 1 and offsets up to 2^53', () => {
    const rand = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const header: ResourceHeader = {
        size: Math.floor(rand() * 2 ** 53),
        flags: Math.floor(rand() * 256),
        offset: Math.floor(rand() * 2 ** 53),
        originalSize: Math.floor(rand() * 2 ** 53),
      };
      const buf = Buffer.alloc(24);
      writeResourceHeader(buf, 0, header);
      assert.deepEqual(readResourceHeader(buf, 0), header);
    }
  });

  it('blob-table entries and integrity tables round-trip', () => {
    const entry = {resource: {size: 10, flags: 4, offset: 300, originalSize: 20}, partNumber: 1, refCount: 3, hash: 'ab'.repeat(20)};
    const [parsed] = parseBlobTable(encodeBlobEntry(entry), 1000, 'x.wim');
    assert.deepEqual({...parsed, raw: undefined}, {...entry, raw: undefined});
    const table = {chunkSize: 10 * 1024 * 1024, digests: [Buffer.alloc(20, 1), Buffer.alloc(20, 2)]};
    assert.deepEqual(parseIntegrityTable(encodeIntegrityTable(table), 'x.wim'), table);
  });

  it('complement: the holes and the used ranges tile the file', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const size = 1 + Math.floor(rand() * 5000);
      const used = Array.from({length: Math.floor(rand() * 8)}, () => {
        const start = Math.floor(rand() * size);
        return {start, end: Math.min(size + 100, start + Math.floor(rand() * 500))};
      });
      const holes = complement(used, size);
      for (let at = 0; at < size; at++) {
        const inUsed = used.some((r) => r.start <= at && at < r.end);
        const inHole = holes.some((r) => r.start <= at && at < r.end);
        assert.notEqual(inUsed, inHole, `byte ${at} of ${size}`);
      }
    }
  });

  describe('on a real WIM', function () {
    let dir: string;
    let wim: string;
    before(async function () {
      requireTools(this, 'wimlib-imagex');
      dir = await tempDir('wim-parsers');
      wim = wimFolder(await makeFolderImage(path.join(dir, 'tree')), path.join(dir, 'a.wim'));
    });
    after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

    it('a freshly captured WIM has no holes and every blob in use', async () => {
      const layout = await readWimLayout(wim);
      assert.equal(layout.rebuildReason, undefined);
      assert.deepEqual(layout.holes, []);
      assert.ok(layout.entries.length > 1 && layout.entries.every((e) => e.refCount > 0));
    });

    it('fuzz: 2000 corruptions of header and blob table are read or refused as bad input, never a crash', async () => {
      const good = await fs.readFile(wim);
      const {header} = await readWimLayout(wim);
      const tableStart = header.blobTable.offset;
      const rand = seededRandom(42);
      let refused = 0;
      for (let i = 0; i < 2000; i++) {
        const bytes = Buffer.from(good);
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips; f++) {
          const inTable = rand() < 0.5;
          const at = inTable ? tableStart + Math.floor(rand() * header.blobTable.size) : 8 + Math.floor(rand() * (WIM_HEADER_SIZE - 8));
          bytes[at] = Math.floor(rand() * 256);
        }
        const size = rand() < 0.1 ? Math.floor(rand() * bytes.length) : bytes.length;
        try {
          const parsed = parseHeader(bytes.subarray(0, size), size, 'fuzz.wim');
          const table = bytes.subarray(parsed.blobTable.offset, parsed.blobTable.offset + parsed.blobTable.size);
          const entries = parseBlobTable(table, size, 'fuzz.wim');
          for (const entry of entries) assert.ok(entry.resource.offset + entry.resource.size <= size || (entry.resource.flags & 0x10) !== 0);
          assert.equal(table.length % BLOB_ENTRY_SIZE, 0);
        } catch (error) {
          assert.ok(error instanceof WinprepError && error.exitCode === 3, `seed 42 case ${i}: ${String(error)}`);
          refused++;
        }
      }
      assert.ok(refused > 0);
    });
  });
});
