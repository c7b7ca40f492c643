/**
 * Reading REFI-QDA XML without trusting it: a byte-order mark is dropped, a DTD is refused (no
 * entity expansion, no external entities), the XML must be well formed, and the root must be a
 * QDA-XML Project or CodeBook in any version of the namespace (or none: some tools omit it).
 */
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';
import { hasDtd } from '../../documents/formats/zip-safety.js';
import { parseXml, XmlSyntaxError, type XNode } from './xml-parse.js';

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
export function parseRefiXml(xml: string, fileName: string, root: 'Project' | 'CodeBook'): XNode {
  let doc: XNode;
  try {
    doc = parseXml(xml, (name) => REPEATED.has(name));
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
  return typeof value === 'object' && value !== null ? (value as XNode) : {};
}

export function attr(node: XNode, name: string): string | null {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : null;
}

export function children(node: XNode, name: string): XNode[] {
  const v = node[name];
  return Array.isArray(v) ? v.map(asNode) : v === undefined ? [] : [asNode(v)];
}

export function child(node: XNode, name: string): XNode | undefined {
  return children(node, name)[0];
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
