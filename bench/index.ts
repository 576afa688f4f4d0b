/**
 * `npm run bench`: the registry, image and fleet benchmarks, each run side by side with the independent tools
 * it is measured against (hivex, reglookup, cp / GNU tar, wimlib-imagex), printed as figures and ratios. Never run by tests.
 * `npm run bench -- registry fleet` runs only the named parts.
 */
type Bench = () => Promise<string[]>;

const PARTS: Record<string, () => Promise<Bench>> = {
  registry: async () => (await import('./registry.js')).benchRegistry,
  image: async () => (await import('./image.js')).benchImage,
  fleet: async () => (await import('./fleet.js')).benchFleet,
  wim: async () => (await import('./wim.js')).benchWim,
  disk: async () => (await import('./disk.js')).benchDisk,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(PARTS);
let failed = false;
for (const name of names) {
  const load = PARTS[name];
  if (!load) {
    process.stderr.write(`unknown benchmark "${name}" (choose from ${Object.keys(PARTS).join(', ')})\n`);
    process.exitCode = 2;
    continue;
  }
  process.stdout.write(`\n== ${name}\n`);
  try {
    const lines = await (await load())();
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`${name} benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
if (failed) process.exitCode = 1;
