/**
 * A strict XML reader for REFI-QDA files, in one pass.
 *
 * fast-xml-parser's parser accepts malformed XML (unclosed or crossed tags, a bare `&`, text after
 * the root), so it had to be preceded by its validator: two full passes over a .qde that reaches
 * tens of MB on a large study, together several seconds. This reader checks well-formedness as it
 * builds the tree, so one pass does both:
 *
 * - tags must nest and match, there is one root, and only comments, processing instructions and
 *   white space may stand outside it;
 * - names are XML names; attributes are quoted, unique, and hold no `<`;
 * - `&` starts a reference to one of the five predefined entities or a character that XML allows;
 *   nothing else (there is no DTD to define more: a DOCTYPE is an error here, and refused earlier
 *   by `hasDtd`).
 *
 * The tree has fast-xml-parser's shape, as the REFI reader expects it: attributes as `@name`, an
 * element with only text as a string, text beside attributes or children as `#text`, namespace
 * prefixes removed and namespace declarations (`xmlns`, `xmlns:*`) dropped, as fast-xml-parser's
 * `removeNSPrefix` does, and the elements `isArray`
 * names always as arrays.
 */

export type XNode = Record<string, unknown>;

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

// Names: ASCII letters, digits and punctuation XML allows, and any non-ASCII character (the
// finer Unicode classes of the spec are not worth their cost here).
const NAME = /[A-Za-z_:\u00C0-\uFFFF\u{10000}-\u{EFFFF}][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF\u{10000}-\u{EFFFF}]*/uy;
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z_:\u00C0-\uFFFF\u{10000}-\u{EFFFF}][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF\u{10000}-\u{EFFFF}]*)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/uy;
const TAG_END = /[ \t\r\n]*(\/?>)/uy;
const CLOSE_END = /[ \t\r\n]*>/uy;
const WHITE = /^[ \t\r\n]*$/u;
const REFERENCE = /&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|apos|quot));/uy;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** A character XML 1.0 allows (tab, line ends, and the printable planes without surrogates). */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

interface Frame {
  qname: string;
  key: string;
  node: XNode;
  text: string;
  empty: boolean;
}

export function parseXml(source: string, isArray: (name: string) => boolean): XNode {
  // Line ends are normalised before parsing (XML 1.0 §2.11); a CR written as &#13; survives.
  const xml = source.includes('\r') ? source.replace(/\r\n?/gu, '\n') : source;
  const fail = (message: string, at: number): never => {
    let line = 1;
    for (let i = xml.indexOf('\n'); i !== -1 && i < at; i = xml.indexOf('\n', i + 1)) line++;
    throw new XmlSyntaxError(message, line);
  };

  /** Text with its references replaced; `from` is where it starts in the document, for errors. */
  const decode = (raw: string, from: number): string => {
    let amp = raw.indexOf('&');
    if (amp === -1) return raw;
    let out = '';
    let last = 0;
    while (amp !== -1) {
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(raw);
      if (!m) fail(`"&" must start a character or entity reference such as &amp;`, from + amp);
      let ch: string;
      if (m![3]) ch = PREDEFINED[m![3]]!;
      else {
        const code = m![1] ? parseInt(m![1], 10) : parseInt(m![2]!, 16);
        if (!isXmlChar(code)) fail(`the reference ${m![0]} names a character XML does not allow`, from + amp);
        ch = String.fromCodePoint(code);
      }
      out += raw.slice(last, amp) + ch;
      last = amp + m![0].length;
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  };

  const addChild = (parent: XNode, key: string, value: unknown): void => {
    const existing = parent[key];
    // Values are never arrays themselves, so an array here is a list of this child already.
    if (existing === undefined) parent[key] = isArray(key) ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent[key] = [existing, value];
  };

  const doc: XNode = {};
  const stack: Frame[] = [];
  let rootSeen = false;
  let i = 0;
  const n = xml.length;

  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top) top.text += decode(xml.slice(i, textEnd), i);
      else if (!WHITE.test(xml.slice(i, textEnd))) fail(rootSeen ? 'there is text after the root element' : 'there is text before the root element', i);
    }
    if (lt === -1) break;
    i = lt;
    const next = xml.charCodeAt(i + 1);

    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end === -1) fail('a comment is not closed', i);
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        if (end === -1) fail('a CDATA section is not closed', i);
        const top = stack[stack.length - 1];
        if (!top) fail('a CDATA section stands outside the root element', i);
        top!.text += xml.slice(i + 9, end);
        i = end + 3;
      } else {
        fail('declarations (DOCTYPE, ENTITY) are not allowed', i);
      }
      continue;
    }

    if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('a processing instruction is not closed', i);
      i = end + 2;
      continue;
    }

    if (next === 0x2f /* / */) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(xml);
      const top = stack.pop();
      if (!m || !top) fail(`an unexpected closing tag`, i);
      if (m![0] !== top!.qname) fail(`expected </${top!.qname}> but found </${m![0]}>`, i);
      CLOSE_END.lastIndex = NAME.lastIndex;
      if (!CLOSE_END.exec(xml)) fail(`the closing tag </${top!.qname}> is malformed`, i);
      i = CLOSE_END.lastIndex;
      finish(top!);
      continue;
    }

    // A start tag.
    NAME.lastIndex = i + 1;
    const m = NAME.exec(xml);
    if (!m) fail('"<" must start a tag (write &lt; in text)', i);
    if (rootSeen && stack.length === 0) fail('there is a second root element', i);
    const qname = m![0];
    const node: XNode = {};
    let pos = NAME.lastIndex;
    let attributes = 0;
    const seen = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = pos;
      const a = ATTRIBUTE.exec(xml);
      if (!a) break;
      const name = a[1]!;
      if (seen.has(name)) fail(`the attribute ${name} is repeated`, pos);
      seen.add(name);
      pos = ATTRIBUTE.lastIndex;
      const raw = a[2] ?? a[3]!;
      const value = decode(raw, pos - raw.length - 1);
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      node[`@${localName(name)}`] = value;
      attributes++;
    }
    TAG_END.lastIndex = pos;
    const end = TAG_END.exec(xml);
    if (!end) fail(`the tag <${qname}> is malformed (attributes must be name="value", separated by spaces)`, pos);
    i = TAG_END.lastIndex;
    rootSeen = true;
    const frame: Frame = { qname, key: localName(qname), node, text: '', empty: attributes === 0 };
    if (end![1] === '/>') finish(frame);
    else stack.push(frame);
  }
  if (stack.length > 0) fail(`the element <${stack[stack.length - 1]!.qname}> is not closed`, n);
  if (!rootSeen) fail('there is no root element', n);
  return doc;

  /** An element is complete: it joins its parent (or is the root). */
  function finish(f: Frame): void {
    let value: unknown;
    if (f.empty) value = f.text;
    else {
      if (f.text !== '') f.node['#text'] = f.text;
      value = f.node;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      // A parent that had only text so far keeps that text, as #text, beside its children.
      parent.empty = false;
      addChild(parent.node, f.key, value);
    } else {
      doc[f.key] = value;
    }
  }
}
