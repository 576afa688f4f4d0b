/** Human text for the KMS commands (pure; the commands print it). */
import type {HostScriptsResult} from './host-script-files.js';
import type {RegistryChange} from '../registry/changes.js';
import type {FileChangeSummary, ImageTarget, KmsClientResult, KmsClientView, KmsHostResult} from './types.js';

const GENERATION_NAME = {sl: 'Vista / Server 2008 (SL)', spp: 'Windows 7 / 2008 R2 or later (SoftwareProtectionPlatform)'} as const;

function imageLine(image: ImageTarget): string {
  const what = [image.editionId, image.build === undefined ? undefined : `build ${image.build}`, image.architecture].filter(Boolean).join(', ');
  return `${image.path}${image.index === undefined ? '' : ` [index ${image.index}]`}: ${what} — ${GENERATION_NAME[image.generation]}`;
}

function valueLine(change: RegistryChange): string {
  const status = change.changed ? (change.action === 'delete' ? 'removed' : change.before === undefined ? 'added' : 'changed') : 'unchanged';
  const before = change.before === undefined ? '(absent)' : change.before;
  const after = change.action === 'delete' ? '(absent)' : (change.after ?? '');
  return `  ${change.value.padEnd(40)} ${status.padEnd(9)} ${change.changed ? `${before} → ${after}` : after === '(absent)' ? '(absent)' : after}`;
}

function fileLines(files: FileChangeSummary[]): string[] {
  if (files.length === 0) return ['  (no file changes)'];
  return files.map((f) => `  ${f.action.padEnd(8)} ${f.path}${f.bytes === undefined ? '' : ` (${f.bytes} bytes)`}`);
}

function regBlock(reg: string, dryRun: boolean): string[] {
  if (!dryRun || reg.split('\r\n').filter((l) => l.startsWith('"')).length === 0) return [];
  return ['', 'Registry changes as a .reg file:', ...reg.trimEnd().split('\r\n').map((l) => `  ${l}`)];
}

export function renderClientResult(result: KmsClientResult): string {
  const lines = [imageLine(result.image)];
  lines.push(`${result.dryRun ? 'Would set' : 'Set'} KMS client under ${result.image.keyPath}:`);
  if (result.values.length === 0) lines.push('  (no registry values)');
  lines.push(...result.values.map(valueLine));
  if (result.productKey) {
    const pk = result.productKey;
    const from = pk.source === 'catalog' ? ` (GVLK of ${pk.catalogName ?? 'this edition'})` : '';
    lines.push(`Product key ${pk.key}${from} → ${pk.answerFile}, pass ${pk.pass}, ${pk.component} (${pk.arch})`);
    if (pk.previous && pk.previous !== pk.key) lines.push(`  replaces ${pk.previous}`);
    lines.push(`  components: ${pk.componentsBefore} before, ${pk.componentsAfter} after${pk.createdAnswerFile ? ' (new answer file)' : ''}`);
  }
  lines.push(result.dryRun ? 'Files that would change (image untouched):' : 'Files changed:', ...fileLines(result.files));
  lines.push(...regBlock(result.reg, result.dryRun));
  return lines.join('\n');
}

export function renderClientView(view: KmsClientView): string {
  const lines = [imageLine(view.image), `KMS client settings under ${view.image.keyPath}:`];
  if (view.mode === 'direct') lines.push(`  mode            direct registration: ${view.host}:${view.effectivePort}${view.port ? '' : ' (default port)'}`);
  else lines.push(`  mode            auto-discovery (DNS _vlmcs._tcp SRV records)${view.lookupDomain ? ` in ${view.lookupDomain}` : ''}`);
  if (view.lookupDomain) lines.push(`  lookup domain   ${view.lookupDomain}`);
  lines.push(`  host caching    ${view.hostCaching ? 'on' : 'off'}`);
  if (view.activationInterval !== undefined) lines.push(`  activation      every ${view.activationInterval} minutes`);
  if (view.renewalInterval !== undefined) lines.push(`  renewal         every ${view.renewalInterval} minutes`);
  if (view.cachedHost) lines.push(`  cached host     ${view.cachedHost}${view.cachedPort ? `:${view.cachedPort}` : ''} (NetworkService hive)`);
  lines.push(`  answer-file key ${view.answerFileKey ? `${view.answerFileKey}${view.answerFileKeyIsGvlk ? ' (GVLK)' : ''} in ${view.answerFile}` : '(none)'}`);
  return lines.join('\n');
}

export function renderHostResult(result: KmsHostResult): string {
  const lines = [imageLine(result.image), `${result.dryRun ? 'Would set' : 'Set'} KMS host under ${result.image.keyPath}:`];
  if (result.values.length === 0) lines.push('  (no registry values)');
  lines.push(...result.values.map(valueLine));
  if (result.hostKeyTail) lines.push(`Host key XXXXX-XXXXX-XXXXX-XXXXX-${result.hostKeyTail}: installed and activated by SetupComplete.cmd at first boot`);
  lines.push(result.dryRun ? 'Files that would change (image untouched):' : 'Files changed:', ...fileLines(result.files));
  lines.push(...regBlock(result.reg, result.dryRun));
  return lines.join('\n');
}

export function renderHostScripts(result: HostScriptsResult): string {
  const lines = [`KMS host scripts for ${GENERATION_NAME[result.generation]}:`];
  lines.push(...result.files.map((f) => `  ${f.path} (${f.bytes} bytes)`));
  lines.push('Steps:', ...result.steps.map((s, i) => `  ${i + 1}. ${s}`));
  if (result.keyFileName) lines.push(`Copy the key file ${result.keyFileName} (key ending ${result.hostKeyTail}) next to the scripts on the host; it is not in them.`);
  return lines.join('\n');
}
