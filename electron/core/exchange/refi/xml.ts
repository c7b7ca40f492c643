/**
 * Reading REFI-QDA XML without trusting it: a byte-order mark is dropped, a DTD is refused (no
 * entity expansion, no external entities), the XML must be well formed, and the root must be a
 * QDA-XML Project or CodeBook in any version of the namespace (or none: some tools omit it).
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { hasDtd } from '../../documents/formats/zip-safety.js';
import { parseXml, XmlSyntaxError, type Reviver, type XNode } from './xml-parse.js';

export type { XNode };

/** Elements that may repeat: always read as arrays, even when there is one. */
const REPEATED = new Set([
  'User', 'Code', 'Variable', 'Case', 'VariableValue', 'SourceRef', 'SelectionRef', 'CodeRef',
  'TextSource', 'PictureSource', 'PDFSource', 'AudioSource', 'VideoSource',
  'PlainTextSelection', 'Coding', 'NoteRef', 'Note', 'Link', 'Set', 'Graph', 'MemberCode',
  'MemberSource', 'MemberNote',
]);

export function decodeXml(bytes: Uint8Array, fileName: string): string {
  if (hasDtd(bytes)) {
    throw new ChorusError(
      ErrorCode.CORRUPT_FILE,
      `${fileName} declares a DTD or entities, which REFI-QDA files never need; Chorus refuses to read it.`,
    );
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The document's root element (`Project` or `CodeBook`), or a CORRUPT_FILE / UNSUPPORTED_FORMAT error. */
export function parseRefiXml(xml: string, fileName: string, root: 'Project' | 'CodeBook', revive?: Reviver): XNode {
  let doc: XNode;
  try {
    doc = parseXml(xml, (name) => REPEATED.has(name), revive);
  } catch (e) {
    if (e instanceof XmlSyntaxError) {
      throw new ChorusError(ErrorCode.CORRUPT_FILE, `${fileName} is not well-formed XML (line ${e.line}: ${e.message}).`);
    }
    throw e;
  }
  const node = doc[root];
  if (node === undefined) {
    const found = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
    throw new ChorusError(
      ErrorCode.UNSUPPORTED_FORMAT,
      `${fileName} is not a REFI-QDA ${root === 'Project' ? 'project' : 'codebook'}: its root is ${found ? `<${found}>` : 'missing'}.`,
    );
  }
  const element = asNode(node);
  const ns = attr(element, 'xmlns');
  if (ns !== null && !/^urn:QDA-XML:(project|codebook):/iu.test(ns)) {
    throw new ChorusError(ErrorCode.UNSUPPORTED_FORMAT, `${fileName} uses the namespace ${ns.slice(0, 100)}, which is not REFI-QDA's.`);
  }
  return element;
}

/** An element as an object (an element with only text is read as a string). */
export function asNode(value: unknown): XNode {
  return isNode(value) ? value : {};
}

/** The tree's keys for attribute names (`@name`), made once: a large project reads millions. */
const ATTRIBUTE_KEYS = new Map<string, string>();

function attributeKey(name: string): string {
  let key = ATTRIBUTE_KEYS.get(name);
  if (key === undefined) {
    key = `@${name}`;
    ATTRIBUTE_KEYS.set(name, key);
  }
  return key;
}

export function attr(node: XNode, name: string): string | null {
  const v = node[attributeKey(name)];
  return typeof v === 'string' ? v : null;
}

const NO_CHILDREN: readonly XNode[] = Object.freeze([]);

function isNode(value: unknown): value is XNode {
  return typeof value === 'object' && value !== null;
}

/** The elements `name` under `node` (not to be changed: it may be the tree's own list). */
export function children(node: XNode, name: string): readonly XNode[] {
  const v = node[name];
  if (v === undefined) return NO_CHILDREN;
  if (!Array.isArray(v)) return [asNode(v)];
  // Elements with only text are strings in the tree; a list without any is taken as it is.
  return v.every(isNode) ? v : v.map(asNode);
}

export function child(node: XNode, name: string): XNode | undefined {
  const v = node[name];
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : asNode(first);
}

/** The text of a child element (`<Description>text</Description>`), '' when absent. */
export function childText(node: XNode, name: string): string {
  const v = Array.isArray(node[name]) ? (node[name] as unknown[])[0] : node[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) {
    const t = (v as XNode)['#text'];
    return typeof t === 'string' ? t : '';
  }
  return '';
}

export function hasChild(node: XNode, name: string): boolean {
  return node[name] !== undefined;
}
