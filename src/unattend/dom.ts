/**
 * Small DOM helpers for answer files: element children by local name, and inserting new elements with
 * indentation that matches the surrounding file so merged files stay readable in a diff.
 */
import type {Document, Element, Node} from '@xmldom/xmldom';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export const isElement = (node: Node | null): node is Element => node !== null && node.nodeType === ELEMENT_NODE;

export function childElements(parent: Element, localName?: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node) && (localName === undefined || node.localName === localName)) out.push(node);
  }
  return out;
}

export const firstChildElement = (parent: Element, localName: string): Element | undefined => childElements(parent, localName)[0];

function ownerOf(element: Element): Document {
  const doc = element.ownerDocument;
  if (!doc) throw new Error('element without an owner document');
  return doc;
}

const isWhitespaceText = (node: Node | null): boolean => node !== null && node.nodeType === TEXT_NODE && /^\s*$/.test(node.nodeValue ?? '');

/** The indentation of an element: the spaces after the last newline of the whitespace before it. */
function indentOf(element: Element): string {
  const before = element.previousSibling;
  if (!before || !isWhitespaceText(before)) return '';
  const text = before.nodeValue ?? '';
  const newline = text.lastIndexOf('\n');
  return newline >= 0 ? text.slice(newline + 1) : '';
}

/** One indentation step of the document: taken from the root's first indented child, else two spaces. */
function indentUnit(element: Element): string {
  const root = ownerOf(element).documentElement;
  const first = root ? childElements(root)[0] : undefined;
  const unit = first ? indentOf(first) : '';
  return unit.length > 0 ? unit : '  ';
}

/** Append child to parent (or insert it before `before`), indented one step deeper than parent. */
export function insertIndented(parent: Element, child: Element, before?: Element): Element {
  const doc = ownerOf(parent);
  const parentIndent = indentOf(parent);
  const childIndent = parentIndent + indentUnit(parent);
  if (before) {
    parent.insertBefore(doc.createTextNode(`\n${childIndent}`), before);
    parent.insertBefore(child, before);
    // Keep `before` on its own line: the whitespace that preceded it now precedes `child`.
    const ws = child.previousSibling;
    if (ws && ws.previousSibling && isWhitespaceText(ws.previousSibling)) {
      parent.removeChild(ws);
      parent.insertBefore(doc.createTextNode(`\n${childIndent}`), before);
    }
    return child;
  }
  const last = parent.lastChild;
  if (last && isWhitespaceText(last)) {
    parent.insertBefore(doc.createTextNode(`\n${childIndent}`), last);
    parent.insertBefore(child, last);
    // The trailing whitespace now closes the parent; normalise it to the parent's indentation.
    last.nodeValue = `\n${parentIndent}`;
  } else {
    parent.appendChild(doc.createTextNode(`\n${childIndent}`));
    parent.appendChild(child);
    parent.appendChild(doc.createTextNode(`\n${parentIndent}`));
  }
  return child;
}

/** Remove an element together with the whitespace that indented it. */
export function removeIndented(element: Element): void {
  const parent = element.parentNode;
  if (!parent) return;
  const before = element.previousSibling;
  if (before && isWhitespaceText(before)) parent.removeChild(before);
  parent.removeChild(element);
}

/** Replace the element's content with one text node. */
export function setText(element: Element, value: string): void {
  while (element.firstChild) element.removeChild(element.firstChild);
  element.appendChild(ownerOf(element).createTextNode(value));
}
