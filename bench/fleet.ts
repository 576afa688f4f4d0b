/**
 * Fleet audit benchmark (`npm run bench`; never run by the tests): generate KMS event exports and
 * inventories of 100,000 and 1,000,000 records, audit each in its own process, and report records per second
 * and that process's peak RSS. Events repeat each client 5 times (renewals); inventory rows are all distinct
 * machines, the worst case for memory (the audit keeps a 16-byte digest per distinct identity value).
 *
 * Figures on the 2-core build box, same load, one run each (Node 20; timings vary with load, RSS does not):
 *   before digests (Map<string, object> per identity, c9089e7):
 *     events-csv 100k 0.84 s 102 MB · inventory-csv 100k 1.72 s  180 MB
 *     events-csv 1M   7.08 s 328 MB · inventory-csv 1M  17.97 s 1002 MB
 *   after (digest tables, member columns, label arena, lazy XML reader):
 *     events-csv 100k 0.65 s  73 MB · inventory-csv 100k 0.91 s   96 MB
 *     events-csv 1M   5.11 s 134 MB · inventory-csv 1M   9.06 s  284 MB
 *   About 46 MB of each RSS is Node itself with the audit's modules loaded.
 */
import {spawn} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {eventMessage, guidFor, usTime} from '../fixtures/fleet/generators.js';

const SIZES = [100_000, 1_000_000];
/** Events: each client renews several times, as a host log holds it. */
const EVENTS_PER_CLIENT = 5;

type Generator = (file: string, records: number) => Promise<void>;

async function writeLines(file: string, header: string, records: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(`${header}\r\n`);
  let batch: string[] = [];
  for (let i = 0; i < records; i++) {
    batch.push(line(i));
    if (batch.length === 1000) {
      await write(`${batch.join('\r\n')}\r\n`);
      batch = [];
    }
  }
  if (batch.length > 0) await write(`${batch.join('\r\n')}\r\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const base = Date.now();

const eventsCsv: Generator = (file, records) =>
  writeLines(file, '"TimeCreated","Id","Message"', records, (i) => {
    const client = i % Math.max(1, Math.floor(records / EVENTS_PER_CLIENT));
    const time = new Date(base - (i % 40) * 86_400_000);
    const message = eventMessage({time, fqdn: `pc${client}.corp.example`, cmid: guidFor(client)});
    return `"${usTime(time)}","12290","${message}"`;
  });

const inventoryCsv: Generator = (file, records) =>
  writeLines(file, 'ComputerName,CMID,MachineGuid,MachineSid,SusClientId,DUID', records, (i) =>
    [`PC${i}`, guidFor(i, 1), guidFor(i, 2), `S-1-5-21-${1000 + (i % 7)}-${i}-${i * 7}`, guidFor(i, 3), `00010001${i.toString(16).padStart(16, '0')}`].join(','),
  );

/** Audit `file` in a fresh node process, so its peak RSS (getrusage maxrss) is the audit's alone. */
async function measure(label: string, file: string, records: number): Promise<string> {
  const audit = new URL('../src/fleet/audit.js', import.meta.url).href;
  const script = `
    const {auditFleet} = await import(${JSON.stringify(audit)});
    const start = process.hrtime.bigint();
    const report = await auditFleet([process.argv[1]]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(JSON.stringify({records: report.records, seconds, maxRss: process.resourceUsage().maxRSS * 1024}));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], {stdio: ['ignore', 'pipe', 'inherit']});
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`audit of ${label} exited ${code}`);
  const result = JSON.parse(out) as {records: number; seconds: number; maxRss: number};
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const size = (await stat(file)).size;
  return `fleet audit ${label} ${records.toLocaleString('en-US')} records (${mb(size)} file): ${result.seconds.toFixed(2)} s, ${Math.round(result.records / result.seconds).toLocaleString('en-US')} records/s, peak RSS ${mb(result.maxRss)}`;
}

export interface FleetBenchOptions {
  /** Record counts to run (default: 100k and 1M). */
  sizes?: number[];
  /** Inputs to run (default: both). */
  labels?: string[];
}

export async function benchFleet(options: FleetBenchOptions = {}): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-bench-fleet-'));
  const lines: string[] = [];
  const sizes = options.sizes ?? SIZES;
  const inputs = (
    [
      ['events-csv', eventsCsv],
      ['inventory-csv', inventoryCsv],
    ] as const
  ).filter(([label]) => !options.labels || options.labels.includes(label));
  try {
    for (const records of sizes) {
      for (const [label, generate] of inputs) {
        const file = path.join(dir, `${label}-${records}.csv`);
        await generate(file, records);
        lines.push(await measure(label, file, records));
        await rm(file);
      }
    }
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
  return lines;
}

// `node dist/bench/fleet.js [records…] [events-csv|inventory-csv…]` runs this benchmark alone, or parts of it.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const labels = args.filter((arg) => !/^\d+$/.test(arg));
  for (const line of await benchFleet({sizes: sizes.length > 0 ? sizes : undefined, labels: labels.length > 0 ? labels : undefined})) console.log(line);
}
