/**
 * Put the product key where Windows Setup installs and activates it: the specialize pass's
 * Microsoft-Windows-Shell-Setup/ProductKey for the image's architecture
 * (https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-productkey),
 * in the answer file Setup reads at the next specialize pass (src/facts/setup-answer-file.ts: the registered
 * file, else the first file in the implicit search order whose specialize pass is still pending, else a new
 * one), edited rather than replaced so everything else in it survives. `image generalize` keeps every answer
 * file with a pending pass, so the key survives it in either order.
 */
import {badInput} from '../errors.js';
import type {Architecture} from '../facts/facts.js';
import {type Image} from '../image/types.js';
import {nextSpecializeAnswerFile, type SetupAnswerFile} from '../facts/setup-answer-file.js';
import {displayKey, isGvlk} from '../licensing/index.js';
import {type UnattendDoc, newUnattend, parseUnattend} from '../unattend/index.js';
import type {KeyChoice} from './gvlk-select.js';
import type {ProductKeyChange} from './types.js';

export const PRODUCT_KEY_PASS = 'specialize';
export const SHELL_SETUP = 'Microsoft-Windows-Shell-Setup';
const PRODUCT_KEY_PATH = ['ProductKey'];

export interface StagedProductKey {
  change: ProductKeyChange;
  warnings: string[];
}

export type AnswerFileTarget = SetupAnswerFile;

/** The answer file the next specialize pass reads. */
export async function productKeyTarget(image: Image): Promise<AnswerFileTarget> {
  return nextSpecializeAnswerFile(image);
}

/** An answer file of the image, parsed; undefined when absent. Malformed → badInput naming the file and line. */
export async function readAnswerFile(image: Image, innerPath: string): Promise<UnattendDoc | undefined> {
  const bytes = await image.readFile(innerPath);
  return bytes === undefined ? undefined : parseUnattend(bytes, `${image.path}: ${innerPath}`);
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
  const target = await productKeyTarget(image);
  const before = await image.readFile(target.path);
  const existing = before === undefined ? undefined : parseUnattend(before, `${image.path}: ${target.path}`);
  const doc = existing ?? newUnattend(target.path);
  const arch = answerFileArch(architecture, existing, image);
  const warnings: string[] = [];
  if (doc.wasPassProcessed(PRODUCT_KEY_PASS)) {
    warnings.push(`${target.path}: Setup already ran its specialize pass (wasPassProcessed), so Setup will not run it again and the key has no effect until a new specialize pass (sysprep /generalize) runs`);
  }
  const componentsBefore = existing ? existing.components().length : 0;
  const previous = doc.getSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH, arch);
  doc.setSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH, choice.key, arch);
  const text = Buffer.from(doc.serialize(), 'utf8');
  if (!before || !before.equals(text)) image.writeFile(target.path, text);
  warnings.push(...choice.warnings);
  return {
    change: {
      key: displayKey(choice.key),
      source: choice.source,
      catalogName: choice.row?.name,
      answerFile: target.path,
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

/** The specialize ProductKey the next boot would install, for `show` (GVLK whole, anything else masked). */
export async function answerFileKey(image: Image): Promise<{key: string; file: string; isGvlk: boolean} | undefined> {
  const target = await productKeyTarget(image);
  const doc = await readAnswerFile(image, target.path);
  const key = doc?.getSetting(PRODUCT_KEY_PASS, SHELL_SETUP, PRODUCT_KEY_PATH)?.trim();
  return key ? {key: displayKey(key), file: target.path, isGvlk: isGvlk(key)} : undefined;
}
