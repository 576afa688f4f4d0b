/**
 * External oracles (hivex, reglookup, wimlib, BIND). A test that needs one may skip only outside CI;
 * in CI (CI set) a missing tool fails the test, so a green CI always means the oracle really ran.
 */
import {spawnSync} from 'node:child_process';

export const TOOL_PACKAGES: Record<string, string> = {
  hivexget: 'libhivex-bin',
  hivexsh: 'libhivex-bin',
  hivexregedit: 'libwin-hivex-perl',
  reglookup: 'reglookup',
  'wimlib-imagex': 'wimtools',
  named: 'bind9',
  'named-checkzone': 'bind9-utils',
  dig: 'bind9-dnsutils',
  nsupdate: 'bind9-dnsutils',
  tar: 'tar',
  xz: 'xz-utils',
  zstd: 'zstd',
  bzip2: 'bzip2',
  guestfish: 'libguestfs-tools',
  'virt-win-reg': 'libguestfs-tools',
  'qemu-img': 'qemu-utils',
};

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], {encoding: 'utf8'}).status === 0;
}

/** Call inside a mocha test or hook (function, not arrow) with `this`. */
export function requireTools(ctx: Mocha.Context, ...tools: string[]): void {
  const missing = tools.filter((tool) => !hasTool(tool));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => TOOL_PACKAGES[tool] ?? tool).join(' ');
  if (process.env.CI) throw new Error(`required tools missing in CI: ${missing.join(', ')} (apt-get install ${packages})`);
  ctx.skip();
}

export function run(cmd: string, args: string[], input?: string | Buffer): {status: number; stdout: string; stderr: string} {
  const r = spawnSync(cmd, args, {encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024});
  return {status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? ''};
}
