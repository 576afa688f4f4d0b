/**
 * panther: Setup's working folders, Windows\Panther and Sysprep\Panther. Their logs record the reference
 * machine's identity. Answer files there are another matter: `sysprep /unattend:<file>` caches <file> as
 * %WINDIR%\Panther\unattend.xml and Setup reads that copy for the passes still to run (specialize, oobeSystem)
 * on first boot (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview).
 * So:
 * - a log, or an answer file whose passes Setup has all run (wasPassProcessed="true"), is deleted;
 * - an answer file with a pass still to run is kept, and only its processed passes lose their secrets
 *   (passwords, product keys): nothing Setup will still read changes by one byte;
 * - the file SYSTEM\Setup\UnattendFile names is kept as it is;
 * - a file named like an answer file (unattend.xml, autounattend.xml) that does not parse is kept: refusing
 *   to guess beats deleting settings Setup may read. Other files (setupact.log, diagerr.xml, …) are logs.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {parseUnattend} from '../../unattend/index.js';
import {childElements} from '../../unattend/dom.js';
import type {Element} from '@xmldom/xmldom';
import {registeredAnswerFile} from '../answer-files.js';
import {outcome} from '../result.js';
import type {AnswerFileChange, Change, Operation, OperationContext} from '../types.js';

/** Setup's working folders: specialize/OOBE (Windows\Panther) and generalize (Sysprep\Panther) logs. */
export const PANTHER_DIRS = [IMAGE_PATHS.pantherDir, 'Windows/System32/Sysprep/Panther'] as const;

/** Settings that hold secrets (unattend reference: Password/Value, AdministratorPassword, ProductKey, Key). */
const SECRET_ELEMENTS = ['Password', 'AdministratorPassword', 'ProductKey'];

type Verdict = {action: 'delete'} | {action: 'keep'; strip: Element[]; doc?: ReturnType<typeof parseUnattend>};

function judge(path: string, bytes: Buffer): Verdict {
  if (!/(^|\/)(auto)?unattend\.xml$/i.test(path.replace(/\\/g, '/'))) return {action: 'delete'};
  let doc: ReturnType<typeof parseUnattend>;
  try {
    doc = parseUnattend(bytes, path);
  } catch {
    return {action: 'keep', strip: []};
  }
  const settings = childElements(doc.document.documentElement!, 'settings');
  if (settings.length === 0) return {action: 'keep', strip: []};
  const processed = (s: Element): boolean => ['true', '1'].includes((s.getAttribute('wasPassProcessed') ?? '').trim().toLowerCase());
  if (settings.every(processed)) return {action: 'delete'};
  const strip = settings.filter(processed).flatMap((s) => allDescendants(s).filter((e) => SECRET_ELEMENTS.includes(e.localName ?? '')));
  return {action: 'keep', strip, doc};
}

async function stage(ctx: OperationContext) {
  // An answer file SYSTEM\Setup\UnattendFile names is the one the next boot is meant to read: keep it.
  const keep = (await registeredAnswerFile(ctx))?.toLowerCase();
  const changes: Change[] = [];
  const notes: string[] = [];
  for (const dir of PANTHER_DIRS) {
    for (const file of await ctx.image.listFiles(dir)) {
      const key = file.replace(/\\/g, '/').toLowerCase();
      // The folder itself is never deleted (a WIM listing can report an empty folder as a file).
      if (key === keep || key === dir.toLowerCase()) continue;
      const bytes = await ctx.image.readFile(file);
      if (!bytes) continue;
      const verdict = judge(file, bytes);
      if (verdict.action === 'delete') {
        ctx.image.deleteFile(file);
        changes.push({kind: 'file', path: file, action: 'delete'});
        continue;
      }
      notes.push(`kept ${file}: Setup still reads its pending passes on first boot`);
      if (!verdict.doc || verdict.strip.length === 0) continue;
      for (const element of verdict.strip) {
        changes.push(secretChange(file, settingsPassOf(element), element));
        element.parentNode?.removeChild(element);
      }
      ctx.image.writeFile(file, Buffer.from(verdict.doc.serialize(), 'utf8'));
    }
  }
  return outcome(changes, notes);
}

function allDescendants(element: Element): Element[] {
  return childElements(element).flatMap((child) => [child, ...allDescendants(child)]);
}

function settingsPassOf(element: Element): string {
  let node: Element | null = element;
  while (node && node.localName !== 'settings') node = node.parentNode as Element | null;
  return node?.getAttribute('pass') ?? '';
}

function componentOf(element: Element): string {
  let node: Element | null = element;
  while (node && node.localName !== 'component') node = node.parentNode as Element | null;
  return node?.getAttribute('name') ?? '';
}

const secretChange = (path: string, pass: string, element: Element): AnswerFileChange => ({
  kind: 'answer-file',
  path,
  pass,
  component: componentOf(element),
  setting: `${element.localName} (removed from a processed pass)`,
  before: '(secret)',
});

export const panther: Operation = {
  name: 'panther',
  heading: 'Delete Setup\'s logs and fully processed answer files (Windows\\Panther, Sysprep\\Panther); keep pending ones',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview'},
  evidence: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview',
  riskNote: 'the setup logs of the reference machine are gone afterwards; keep a --backup if you need them',
  order: 10,
  stage,
};
