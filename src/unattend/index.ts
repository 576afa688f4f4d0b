/** The answer-file module: parse, create, edit and serialize unattend.xml with a real XML library. */
import {badInput} from '../errors.js';
import {UnattendDoc} from './document.js';
import {parseXmlDocument, usesCrlf} from './parse.js';
import {readTemplate} from './template.js';

export {UnattendDoc, type UnattendComponent, type UnattendListItem} from './document.js';
export * from './constants.js';
export {decodeXml, parseXmlDocument} from './parse.js';
export {childElements, firstChildElement, insertIndented, removeIndented, setText} from './dom.js';
export {templatesDir, readTemplate} from './template.js';

/** Parse an answer file. Malformed XML or a root other than <unattend> → badInput naming file and line. */
export function parseUnattend(xml: string | Buffer, file = 'unattend.xml'): UnattendDoc {
  const document = parseXmlDocument(xml, file);
  const root = document.documentElement;
  if (!root || root.localName !== 'unattend') {
    throw badInput(`not an answer file: the root element is <${root?.nodeName ?? 'none'}>, not <unattend>`, {file, code: 'UNATTEND_NOT_ANSWER_FILE'});
  }
  return new UnattendDoc(document, file, usesCrlf(xml));
}

/** A new, empty answer file from templates/unattend/unattend.xml. */
export function newUnattend(file?: string): UnattendDoc {
  return parseUnattend(readTemplate('unattend/unattend.xml'), file ?? 'templates/unattend/unattend.xml');
}
