/**
 * Put the product key where Windows Setup installs and activates it: the specialize pass's
 * Microsoft-Windows-Shell-Setup/ProductKey for the image's architecture (domain.md §6.3, §9.9), merged into
 * the cached Windows/Panther/unattend.xml — edited, not replaced, so unprocessed passes survive (§6.4).
 */
import {badInput} from '../errors.js';
import type {Architecture} from '../image/facts.js';
import {IMAGE_PATHS, type Image} from '../image/types.js';
import {displayKey, isGvlk} from '../licensing/index.js';
import {type UnattendDoc, newUnattend, parseUnattend} from '../unattend/index.js';
import type {KeyChoice} from './gvlk-select.js';
import {decodeSz} from './reg-values.js';
import type {ProductKeyChange} from './types.js';

export const PRODUCT_KEY_PASS = 'specialize';
export const SHELL_SETUP = 'Microsoft-Windows-Shell-Setup';
const PRODUCT_KEY_PATH = ['ProductKey'];

export interface StagedProductKey {
  change: ProductKeyChange;
  warnings: string[];
}

/** The image's answer file, parsed; undefined when it has none. Malformed → badInput naming the file and line. */
export async function readPantherUnattend(image: Image): Promise<UnattendDoc | undefined> {
  const bytes = await image.readFile(IMAGE_PATHS.pantherUnattend);
  return bytes === undefined ? undefined : parseUnattend(bytes, `${image.path}: ${IMAGE_PATHS.pantherUnattend}`);
}

/** SYSTEM\\Setup\\UnattendFile as an inner path (highest precedence, domain.md §6.4); undefined when unset or outside the image. */
async function registeredAnswerFile(image: Image): Promise<string | undefined> {
  const value = (await image.hive(IMAGE_PATHS.systemHive))?.getValue('Setup', 'UnattendFile');
  if (!value) return undefined;
  const text = decodeSz(value.data).trim().replace(/\//g, '\\');
  const inner = text.replace(/^%(windir|systemroot)%/i, 'Windows').replace(/^%systemdrive%\\?/i, '').replace(/^[a-z]:\\/i, '');
  return inner && !/%|^\\/.test(inner) ? inner.replace(/\\/g, '/') : text;
}

/** Answer-file architecture: the image's own, else the single one its answer file already uses. */
function answerFileArch(architecture: Architecture, doc: UnattendDoc | undefined, image: Image): string {
  if (architecture !== 'unknown') return architecture;
  const used = [...new Set((doc?.components() ?? []).map((c) => c.arch).filter((a) => a !== ''))];
  if (used.length === 1) return used[0];
  throw badInput('cannot tell the image\'s processor architecture (Windows/System32/kernel32.dll unreadable), so the answer-file component cannot be chosen', {
    file: image.path,
    code: 'UNKNOWN_ARCHITECTURE',
  });
}

export async function stageProductKey(image: Image, architecture: Architecture, choice: KeyChoice): Promise<StagedProductKey> {
  const existing = await readPantherUnattend(image);
  const doc = existing ?? newUnattend(IMAGE_PATHS.pantherUnattend);
  const arch = answerFileArch(architecture, existing, image);
  const warnings: string[] = [];
  const registered = await registeredAnswerFile(image);
  if (registered && registered.toLowerCase() !== IMAGE_PATHS.pantherUnattend.toLowerCase()) {
    warnings.push(`SYSTEM\\Setup\\UnattendFile names ${registered}, which Windows reads before ${IMAGE_PATHS.pantherUnattend} (domain.md §6.4): its specialize settings win`);
  }
  if (doc.wasPassProcessed(PRODUCT_KEY_PASS)) {
    warnings.push(`${IMAGE_PATHS.pantherUnattend}: Setup already ran its specialize pass (wasPassProcessed), so the key takes effect only after the image is generalized again`);
  }
  const componentsBefore = existing ? existing.components().length : 0;
  const previous = doc.getSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH, arch);
  doc.setSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH, choice.key, arch);
  const text = Buffer.from(doc.serialize(), 'utf8');
  const before = await image.readFile(IMAGE_PATHS.pantherUnattend);
  if (!before || !before.equals(text)) image.writeFile(IMAGE_PATHS.pantherUnattend, text);
  warnings.push(...choice.warnings);
  return {
    change: {
      key: displayKey(choice.key),
      source: choice.source,
      catalogName: choice.row?.name,
      answerFile: IMAGE_PATHS.pantherUnattend,
      pass: PRODUCT_KEY_PASS,
      component: SHELL_SETUP,
      arch,
      previous: previous === undefined || previous.trim() === '' ? undefined : displayKey(previous.trim()),
      createdAnswerFile: existing === undefined,
      componentsBefore,
      componentsAfter: doc.components().length,
    },
    warnings,
  };
}

/** The specialize ProductKey of the image's answer file, for `show` (GVLK whole, anything else masked). */
export function answerFileKey(doc: UnattendDoc | undefined): {key: string; isGvlk: boolean} | undefined {
  const key = doc?.getSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH)?.trim();
  return key ? {key: displayKey(key), isGvlk: isGvlk(key)} : undefined;
}
