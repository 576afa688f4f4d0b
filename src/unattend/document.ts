/**
 * UnattendDoc: edit a Windows answer file in place. Every edit goes through the DOM, so comments,
 * other passes and components, attributes and namespaces survive a round trip (docs/reference/answer-files.md#envelope, docs/reference/answer-files.md#implicit-search:
 * edit rather than replace the cached Panther copy).
 */
import {XMLSerializer, type Document, type Element} from '@xmldom/xmldom';

import {WinprepError, usageError} from '../errors.js';
import {COMPONENT_ATTRIBUTES, UNATTEND_PASSES, WCM_NS, XMLNS_NS, XSI_NS, isUnattendPass} from './constants.js';
import {childElements, firstChildElement, insertIndented, removeIndented, setText} from './dom.js';

export interface UnattendComponent {
  pass: string;
  name: string;
  /** processorArchitecture; '' when the attribute is missing. */
  arch: string;
  /** Its <settings> carries wasPassProcessed="true": Setup already ran this pass. */
  processed: boolean;
  element: Element;
}

export interface UnattendListItem {
  element: Element;
  /** wcm:action, e.g. "add" */
  action?: string;
  /** wcm:keyValue when present */
  keyValue?: string;
  /** Simple child elements (name → text); nested containers are left out. */
  fields: Record<string, string>;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

export class UnattendDoc {
  constructor(
    readonly document: Document,
    readonly file?: string,
    /** Write CRLF line ends, as the file had (the parser reads every line end as LF). */
    readonly crlf = false,
  ) {}

  private get root(): Element {
    const root = this.document.documentElement;
    if (!root) throw new WinprepError('internal', 'answer file has no root element');
    return root;
  }

  private settingsElements(): Element[] {
    return childElements(this.root, 'settings');
  }

  /** Passes that have a <settings> element, in file order, without duplicates. */
  passes(): string[] {
    const seen: string[] = [];
    for (const settings of this.settingsElements()) {
      const pass = settings.getAttribute('pass') ?? '';
      if (!seen.includes(pass)) seen.push(pass);
    }
    return seen;
  }

  /** True when Setup annotated the pass as already run (wasPassProcessed="true"): edits to it have no effect. */
  wasPassProcessed(pass: string): boolean {
    return this.settingsElements().some((s) => s.getAttribute('pass') === pass && isProcessed(s));
  }

  components(pass?: string): UnattendComponent[] {
    const out: UnattendComponent[] = [];
    for (const settings of this.settingsElements()) {
      const settingsPass = settings.getAttribute('pass') ?? '';
      if (pass !== undefined && settingsPass !== pass) continue;
      for (const element of childElements(settings, 'component')) {
        out.push({
          pass: settingsPass,
          name: element.getAttribute('name') ?? '',
          arch: element.getAttribute('processorArchitecture') ?? '',
          processed: isProcessed(settings),
          element,
        });
      }
    }
    return out;
  }

  /** Components of a pass with that name, optionally only one architecture. */
  findComponents(pass: string, name: string, arch?: string): UnattendComponent[] {
    return this.components(pass).filter((c) => c.name === name && (arch === undefined || c.arch === arch));
  }

  /** The component for pass/name/arch, created (with its <settings>) when missing. */
  ensureComponent(pass: string, name: string, arch: string): UnattendComponent {
    const existing = this.findComponents(pass, name, arch)[0];
    if (existing) return existing;
    const settings = this.ensureSettings(pass);
    const element = this.document.createElementNS(settings.namespaceURI, 'component');
    element.setAttribute('name', name);
    element.setAttribute('processorArchitecture', arch);
    element.setAttribute('publicKeyToken', COMPONENT_ATTRIBUTES.publicKeyToken);
    element.setAttribute('language', COMPONENT_ATTRIBUTES.language);
    element.setAttribute('versionScope', COMPONENT_ATTRIBUTES.versionScope);
    element.setAttributeNS(XMLNS_NS, 'xmlns:wcm', WCM_NS);
    element.setAttributeNS(XMLNS_NS, 'xmlns:xsi', XSI_NS);
    insertIndented(settings, element);
    return {pass, name, arch, processed: isProcessed(settings), element};
  }

  /** Text of the setting at path below the component (first match; any architecture unless given). */
  getSetting(pass: string, component: string, path: string[], arch?: string): string | undefined {
    for (const c of this.findComponents(pass, component, arch)) {
      const element = walk(c.element, path);
      if (element) return element.textContent ?? '';
    }
    return undefined;
  }

  /** Set the setting at path (creating the component and containers as needed) to value. */
  setSetting(pass: string, component: string, path: string[], value: string, arch: string): void {
    assertPath(path);
    const c = this.ensureComponent(pass, component, arch);
    const element = this.ensurePath(c.element, path);
    if (childElements(element).length > 0) {
      throw usageError(`${component}/${path.join('/')} in pass ${pass} is a container, not a value`);
    }
    setText(element, value);
  }

  /** Remove the setting at path from every matching component; returns how many were removed. */
  removeSetting(pass: string, component: string, path: string[], arch?: string): number {
    assertPath(path);
    let removed = 0;
    for (const c of this.findComponents(pass, component, arch)) {
      const element = walk(c.element, path);
      if (element) {
        removeIndented(element);
        removed += 1;
      }
    }
    return removed;
  }

  /** Append a list item with wcm:action="add", e.g. RunSynchronous/RunSynchronousCommand {Order, Path, …}. */
  addListItem(pass: string, component: string, listPath: string[], itemName: string, fields: Record<string, string>, arch: string): Element {
    assertPath(listPath);
    const c = this.ensureComponent(pass, component, arch);
    const list = this.ensurePath(c.element, listPath);
    const item = this.document.createElementNS(list.namespaceURI, itemName);
    item.setAttributeNS(WCM_NS, 'wcm:action', 'add');
    insertIndented(list, item);
    for (const [name, value] of Object.entries(fields)) {
      const field = this.document.createElementNS(list.namespaceURI, name);
      setText(field, value);
      insertIndented(item, field);
    }
    return item;
  }

  /** The items of a list (any architecture unless given), in file order. */
  listItems(pass: string, component: string, listPath: string[], arch?: string): UnattendListItem[] {
    const out: UnattendListItem[] = [];
    for (const c of this.findComponents(pass, component, arch)) {
      const list = walk(c.element, listPath);
      if (!list) continue;
      for (const element of childElements(list)) {
        const fields: Record<string, string> = {};
        for (const field of childElements(element)) {
          if (childElements(field).length === 0) fields[field.localName ?? field.nodeName] = field.textContent ?? '';
        }
        out.push({
          element,
          action: element.getAttributeNS(WCM_NS, 'action') ?? undefined,
          keyValue: element.getAttributeNS(WCM_NS, 'keyValue') ?? undefined,
          fields,
        });
      }
    }
    return out;
  }

  /** The whole file as UTF-8 text with an XML declaration; everything not edited is kept as it was. */
  serialize(): string {
    const first = this.document.firstChild;
    if (first && first.nodeType === 7 && first.nodeName === 'xml') {
      // Output is always UTF-8, so a UTF-16 declaration must not survive the rewrite.
      first.nodeValue = (first.nodeValue ?? '').replace(/encoding\s*=\s*["'][^"']*["']/i, 'encoding="utf-8"');
    }
    let text = new XMLSerializer().serializeToString(this.document);
    if (!text.startsWith('<?xml')) text = `${XML_DECLARATION}\n${text}`;
    if (!text.endsWith('\n')) text += '\n';
    return this.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  }

  private ensureSettings(pass: string): Element {
    if (!isUnattendPass(pass)) {
      throw usageError(`unknown answer-file pass "${pass}" (one of ${UNATTEND_PASSES.join(', ')})`);
    }
    const all = this.settingsElements();
    const existing = all.find((s) => s.getAttribute('pass') === pass);
    if (existing) return existing;
    const order = UNATTEND_PASSES.indexOf(pass);
    const later = all.find((s) => {
      const other = s.getAttribute('pass') ?? '';
      return isUnattendPass(other) && UNATTEND_PASSES.indexOf(other) > order;
    });
    const settings = this.document.createElementNS(this.root.namespaceURI, 'settings');
    settings.setAttribute('pass', pass);
    return insertIndented(this.root, settings, later);
  }

  private ensurePath(start: Element, path: string[]): Element {
    let current = start;
    for (const name of path) {
      const next = firstChildElement(current, name);
      if (next) {
        current = next;
        continue;
      }
      const created = this.document.createElementNS(current.namespaceURI, name);
      current = insertIndented(current, created);
    }
    return current;
  }
}

function walk(start: Element, path: string[]): Element | undefined {
  let current: Element | undefined = start;
  for (const name of path) {
    if (!current) return undefined;
    current = firstChildElement(current, name);
  }
  return current;
}

function assertPath(path: string[]): void {
  if (path.length === 0 || path.some((p) => !/^[A-Za-z_][\w.-]*$/.test(p))) {
    throw usageError(`invalid answer-file setting path "${path.join('/')}"`);
  }
}

/** Setup's annotation of a pass it already ran; xs:boolean, so "true" and "1" (case as Setup writes it, tolerated otherwise). */
function isProcessed(settings: Element): boolean {
  const value = (settings.getAttribute('wasPassProcessed') ?? '').trim().toLowerCase();
  return value === 'true' || value === '1';
}
