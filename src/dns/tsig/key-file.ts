/**
 * BIND key files as written by tsig-keygen / ddns-confgen (docs/reference/dns.md#test-server):
 *   key "ddns-key" { algorithm hmac-sha256; secret "base64…"; };
 * Comments (//, #, / * * /) are allowed; other top-level statements are skipped. Error messages name
 * the file and never quote the secret.
 */
import {readFile} from 'node:fs/promises';

import {badInput, unreadableReason} from '../../errors.js';
import {type TsigKey, TSIG_ALGORITHMS, tsigAlgorithm} from './algorithms.js';

type Token = {kind: 'word' | 'string' | 'punct'; text: string; line: number};

class KeyFileSyntax extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new KeyFileSyntax(`unterminated comment on line ${line}`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new KeyFileSyntax(`unterminated string on line ${line}`);
      tokens.push({kind: 'string', text: text.slice(i + 1, end), line});
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 1;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({kind: 'punct', text: c, line});
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};"]/.test(text[j])) j++;
      tokens.push({kind: 'word', text: text.slice(i, j), line});
      i = j;
    }
  }
  return tokens;
}

interface RawKey {
  name: string;
  line: number;
  algorithm?: string;
  secret?: string;
}

function parseStatements(tokens: Token[]): RawKey[] {
  const keys: RawKey[] = [];
  let i = 0;
  const expect = (text: string): void => {
    const t = tokens[i];
    if (!t || t.text !== text || t.kind !== 'punct') throw new KeyFileSyntax(`expected "${text}" on line ${t?.line ?? 'end of file'}`);
    i++;
  };
  const skipBlock = (): void => {
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}') depth--;
      else if (t.kind === 'punct' && t.text === ';' && depth === 0) return;
    }
    if (depth !== 0) throw new KeyFileSyntax('unbalanced braces');
  };
  while (i < tokens.length) {
    const head = tokens[i];
    if (head.kind !== 'word' || head.text.toLowerCase() !== 'key') {
      skipBlock();
      continue;
    }
    const nameToken = tokens[i + 1];
    if (!nameToken || nameToken.kind === 'punct') throw new KeyFileSyntax(`key without a name on line ${head.line}`);
    i += 2;
    const key: RawKey = {name: nameToken.text, line: head.line};
    expect('{');
    while (tokens[i] && !(tokens[i].kind === 'punct' && tokens[i].text === '}')) {
      const option = tokens[i];
      const value = tokens[i + 1];
      if (!value || value.kind === 'punct') throw new KeyFileSyntax(`"${option.text}" without a value on line ${option.line}`);
      if (option.text.toLowerCase() === 'algorithm') key.algorithm = value.text;
      else if (option.text.toLowerCase() === 'secret') key.secret = value.text;
      i += 2;
      expect(';');
    }
    expect('}');
    expect(';');
    keys.push(key);
  }
  return keys;
}

function toKey(raw: RawKey, file: string): TsigKey {
  if (!raw.algorithm) throw badInput(`key "${raw.name}" has no algorithm`, {file, code: 'TSIG_KEY_INVALID'});
  const algorithm = tsigAlgorithm(raw.algorithm);
  if (!algorithm) {
    throw badInput(`key "${raw.name}" uses unsupported algorithm "${raw.algorithm}"`, {
      file,
      code: 'TSIG_KEY_INVALID',
      hint: `supported: ${Object.keys(TSIG_ALGORITHMS).join(', ')}`,
    });
  }
  if (!raw.secret) throw badInput(`key "${raw.name}" has no secret`, {file, code: 'TSIG_KEY_INVALID'});
  const compact = raw.secret.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw badInput(`key "${raw.name}": secret is not valid base64`, {file, code: 'TSIG_KEY_INVALID'});
  }
  return {name: raw.name.replace(/\.$/, ''), algorithm, secret: Buffer.from(compact, 'base64')};
}

/** Parse key-file text. `keyName` picks one key when the file holds several. */
export function parseKeyFile(text: string, file: string, keyName?: string): TsigKey {
  let raws: RawKey[];
  try {
    raws = parseStatements(tokenize(text));
  } catch (error) {
    if (error instanceof KeyFileSyntax) throw badInput(`not a BIND key file: ${error.message}`, {file, code: 'TSIG_KEY_INVALID'});
    throw error;
  }
  if (raws.length === 0) {
    throw badInput('no key statement found', {file, code: 'TSIG_KEY_INVALID', hint: 'create one with: tsig-keygen -a hmac-sha256 <name>'});
  }
  if (keyName !== undefined) {
    const wanted = keyName.replace(/\.$/, '').toLowerCase();
    const raw = raws.find((k) => k.name.replace(/\.$/, '').toLowerCase() === wanted);
    if (!raw) throw badInput(`no key named "${keyName}"`, {file, code: 'TSIG_KEY_INVALID', hint: `keys in the file: ${raws.map((k) => k.name).join(', ')}`});
    return toKey(raw, file);
  }
  if (raws.length > 1) {
    throw badInput(`holds ${raws.length} keys; choose one with --key-name`, {file, code: 'TSIG_KEY_INVALID', hint: `keys: ${raws.map((k) => k.name).join(', ')}`});
  }
  return toKey(raws[0], file);
}

export async function readKeyFile(file: string, keyName?: string): Promise<TsigKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw badInput(`TSIG key file ${file}: ${unreadableReason(error)}`, {file, code: 'TSIG_KEY_MISSING', hint: 'pass a BIND key file (tsig-keygen output) with --tsig-key'});
  }
  return parseKeyFile(text, file, keyName);
}
