/** Fill the script templates of templates/kms-host/ ({{NAME}} placeholders) and give them Windows line ends. */
import {WinprepError} from '../errors.js';
import {readTemplate} from '../unattend/index.js';

export function fillTemplate(relative: string, values: Record<string, string>): string {
  const text = readTemplate(relative).replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new WinprepError('internal', `template ${relative} needs a value for ${whole}`);
    return value;
  });
  return toCrlf(text);
}

/** cmd.exe needs CRLF (LF-only batch files misparse labels); .reg and .ps1 follow suit. */
export const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
