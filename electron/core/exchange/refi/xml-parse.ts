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
 *
 * A large project is hundreds of thousands of elements and about a million attributes (every
 * selection and coding carries GUIDs, users and dates), so tags are read without regular
 * expressions: names that are plain ASCII (all of REFI-QDA's) never meet the Unicode name
 * pattern, most names are recognised as the one found at the same place in the tag before, and
 * a caller can turn each element into what it needs as soon as it is complete (`Reviver`).
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
// finer Unicode classes of the spec are not worth their cost here). Only used for names with a
// non-ASCII character: ASCII ones are read with NAME_CHAR below, which agrees with it.
const NAME = /[A-Za-z_:\u00C0-\uFFFF\u{10000}-\u{EFFFF}][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF\u{10000}-\u{EFFFF}]*/uy;
const WHITE = /^[ \t\r\n]*$/u;
const REFERENCE = /&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|apos|quot));/uy;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** For each ASCII code: 1 when it may start a name, 2 when it may only continue one, 0 otherwise. */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/u.test(ch)) NAME_CHAR[c] = 1;
  else if (/[0-9.-]/u.test(ch)) NAME_CHAR[c] = 2;
}

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** A character XML 1.0 allows (tab, line ends, and the printable planes without surrogates). */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

/** A name as written, with the keys the tree files it under. */
interface Name {
  qname: string;
  /** The element's key: the name without its prefix. */
  element: string;
  /** The attribute's key: `@` and the name without its prefix. */
  attribute: string;
  /** `xmlns` or `xmlns:*`, which the tree leaves out. */
  declaresNamespace: boolean;
  /**
   * The value this attribute had last, shared with the next tag that repeats it (the same user
   * and often the same time stamp on thousands of codings).
   */
  lastValue: string;
  /** As an element: the names of its attributes, in order, the last time it was read. */
  attributes: Name[];
  /** As an element: the name of the child element it had last. */
  lastChild: Name | undefined;
}

function makeName(qname: string): Name {
  const local = localName(qname);
  return {
    qname,
    element: local,
    attribute: `@${local}`,
    declaresNamespace: qname === 'xmlns' || qname.startsWith('xmlns:'),
    lastValue: '',
    attributes: [],
    lastChild: undefined,
  };
}

/** Slots in the cache of recent names (a power of two). */
const NAME_SLOTS = 512;

interface Frame {
  name: Name;
  node: XNode;
  text: string;
  empty: boolean;
}

/**
 * Called with each element as it is completed (its key, and its value in the tree); what it
 * gives takes the element's place in the tree, like `JSON.parse`'s reviver. It must not give an
 * array.
 */
export type Reviver = (key: string, value: unknown) => unknown;

export function parseXml(source: string, isArray: (name: string) => boolean, revive?: Reviver): XNode {
  // Line ends are normalised before parsing (XML 1.0 §2.11); a CR written as &#13; survives.
  const xml = source.includes('\r') ? source.replace(/\r\n?/gu, '\n') : source;
  return new XmlReader(xml, isArray, revive).read();
}

class XmlReader {
  private readonly doc: XNode = {};
  private readonly stack: Frame[] = [];
  private rootSeen = false;
  private i = 0;
  /** The next `<` and `&` found, for `nextLessThan` and `nextAmpersand`. */
  private lessThan = -1;
  private ampersand = -1;
  /** The attribute names of the tag being read (the first `attributeCount`), to refuse a repeated one. */
  private readonly attributeNames: string[] = [];
  private attributeCount = 0;
  /** How many attributes of that tag are kept (namespace declarations are not). */
  private attributesKept = 0;
  /**
   * Names read, by a hash of their first and last characters and length: a large document
   * repeats a few dozen names hundreds of thousands of times, and their keys are made once.
   */
  private readonly names: (Name | undefined)[] = new Array<Name | undefined>(NAME_SLOTS).fill(undefined);

  constructor(
    private readonly xml: string,
    private readonly isArray: (name: string) => boolean,
    private readonly revive: Reviver | undefined,
  ) {}

  read(): XNode {
    const { xml } = this;
    const n = xml.length;
    while (this.i < n) {
      const lt = this.nextLessThan(this.i);
      if (lt > this.i) this.text(this.i, lt);
      if (lt === n) break;
      this.i = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */) this.declaration();
      else if (next === 0x3f /* ? */) this.processingInstruction();
      else if (next === SLASH) this.closingTag();
      else this.startTag();
    }
    if (this.stack.length > 0) this.fail(`the element <${this.stack[this.stack.length - 1]!.name.qname}> is not closed`, n);
    if (!this.rootSeen) this.fail('there is no root element', n);
    return this.doc;
  }

  private fail(message: string, at: number): never {
    const { xml } = this;
    let line = 1;
    for (let i = xml.indexOf('\n'); i !== -1 && i < at; i = xml.indexOf('\n', i + 1)) line++;
    throw new XmlSyntaxError(message, line);
  }

  private text(from: number, to: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += this.decode(this.xml.slice(from, to), from);
    else if (!WHITE.test(this.xml.slice(from, to))) {
      this.fail(this.rootSeen ? 'there is text after the root element' : 'there is text before the root element', from);
    }
  }

  /** A comment, a CDATA section, or a declaration (refused). */
  private declaration(): void {
    const { xml, i } = this;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) this.fail('a comment is not closed', i);
      this.i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) this.fail('a CDATA section is not closed', i);
      const top = this.stack[this.stack.length - 1];
      if (!top) this.fail('a CDATA section stands outside the root element', i);
      top.text += xml.slice(i + 9, end);
      this.i = end + 3;
    } else {
      this.fail('declarations (DOCTYPE, ENTITY) are not allowed', i);
    }
  }

  private processingInstruction(): void {
    const end = this.xml.indexOf('?>', this.i + 2);
    if (end === -1) this.fail('a processing instruction is not closed', this.i);
    this.i = end + 2;
  }

  private closingTag(): void {
    const { xml, i } = this;
    const top = this.stack.pop();
    let end = this.expectedNameEnd(i + 2, top?.name);
    if (end === -1) {
      end = this.nameEnd(i + 2);
      if (end === -1 || !top) this.fail(`an unexpected closing tag`, i);
      const found = xml.slice(i + 2, end);
      if (found !== top.name.qname) this.fail(`expected </${top.name.qname}> but found </${found}>`, i);
    }
    const close = this.skipWhite(end);
    if (xml.charCodeAt(close) !== GT) this.fail(`the closing tag </${top!.name.qname}> is malformed`, i);
    this.i = close + 1;
    this.finish(top!);
  }

  private startTag(): void {
    const { xml, i } = this;
    const parent = this.stack[this.stack.length - 1];
    const expected = parent?.name.lastChild;
    let nameEnd = this.expectedNameEnd(i + 1, expected);
    const known = nameEnd !== -1;
    if (!known) nameEnd = this.nameEnd(i + 1);
    if (nameEnd === -1) this.fail('"<" must start a tag (write &lt; in text)', i);
    if (this.rootSeen && this.stack.length === 0) this.fail('there is a second root element', i);
    const name = known ? expected! : this.name(i + 1, nameEnd);
    if (parent) parent.name.lastChild = name;
    const node: XNode = {};
    this.attributeCount = 0;
    this.attributesKept = 0;
    let pos = nameEnd;
    for (let next = this.attribute(pos, node, name); next !== -1; next = this.attribute(pos, node, name)) pos = next;
    // White space, then `>` or `/>`.
    const end = this.skipWhite(pos);
    const c = xml.charCodeAt(end);
    const selfClosing = c === SLASH && xml.charCodeAt(end + 1) === GT;
    if (!selfClosing && c !== GT) {
      this.fail(`the tag <${name.qname}> is malformed (attributes must be name="value", separated by spaces)`, pos);
    }
    this.i = selfClosing ? end + 2 : end + 1;
    this.rootSeen = true;
    const frame: Frame = { name, node, text: '', empty: this.attributesKept === 0 };
    if (selfClosing) this.finish(frame);
    else this.stack.push(frame);
  }

  /**
   * The attribute (white space, name, `=`, quoted value without `<`) at `pos` of a tag `element`,
   * set on `node` unless it declares a namespace. Gives where it ends, or -1 when there is none:
   * the tag must end there.
   */
  private attribute(pos: number, node: XNode, element: Name): number {
    const { xml } = this;
    const start = this.skipWhite(pos);
    if (start === pos) return -1;
    const expected = element.attributes[this.attributeCount];
    let nameEnd = this.expectedNameEnd(start, expected);
    const known = nameEnd !== -1;
    if (!known) nameEnd = this.nameEnd(start);
    if (nameEnd === -1) return -1;
    const eq = this.skipWhite(nameEnd);
    if (xml.charCodeAt(eq) !== EQUALS) return -1;
    const open = this.skipWhite(eq + 1);
    const quote = xml.charCodeAt(open);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return -1;
    // The value runs to the matching quote, and holds no `<`.
    const close = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", open + 1);
    if (close === -1 || this.nextLessThan(open + 1) < close) return -1;
    const hasReference = this.nextAmpersand(open + 1) < close;
    const name = known ? expected! : this.name(start, nameEnd);
    element.attributes[this.attributeCount] = name;
    this.addAttributeName(name.qname, pos);
    const value = hasReference ? this.decode(xml.slice(open + 1, close), open + 1) : this.rawValue(name, open + 1, close);
    if (!name.declaresNamespace) {
      node[name.attribute] = value;
      this.attributesKept++;
    }
    return close + 1;
  }

  private addAttributeName(qname: string, pos: number): void {
    const names = this.attributeNames;
    for (let k = 0; k < this.attributeCount; k++) if (names[k] === qname) this.fail(`the attribute ${qname} is repeated`, pos);
    names[this.attributeCount++] = qname;
  }

  /** The value of the attribute `name` written from `start` to `end`, without references. */
  private rawValue(name: Name, start: number, end: number): string {
    // Cutting a value out is cheap, and comparing strings is native: a repeated value is kept
    // once (the copy is dropped young), so the model does not hold thousands of equal strings.
    const value = this.xml.slice(start, end);
    if (value === name.lastValue) return name.lastValue;
    name.lastValue = value;
    return value;
  }

  /** Where the first `<` at or after `from` is (the document's length when there is none). */
  private nextLessThan(from: number): number {
    // The last one found serves until it is passed: tags are searched for once, not once per
    // attribute value and again for the text that follows.
    if (this.lessThan < from) {
      const at = this.xml.indexOf('<', from);
      this.lessThan = at === -1 ? this.xml.length : at;
    }
    return this.lessThan;
  }

  /** `nextLessThan` for `&` (rare: usually there is none after the prologue). */
  private nextAmpersand(from: number): number {
    if (this.ampersand < from) {
      const at = this.xml.indexOf('&', from);
      this.ampersand = at === -1 ? this.xml.length : at;
    }
    return this.ampersand;
  }

  /** The name from `start` to `end`. */
  private name(start: number, end: number): Name {
    const { xml } = this;
    const qname = xml.slice(start, end);
    const slot = (xml.charCodeAt(start) * 31 + xml.charCodeAt(end - 1) * 7 + qname.length) & (NAME_SLOTS - 1);
    const cached = this.names[slot];
    if (cached !== undefined && cached.qname === qname) return cached;
    const name = makeName(qname);
    this.names[slot] = name;
    return name;
  }

  /**
   * Where the name at `start` ends if it is `expected`, else -1. Names come in the same order
   * from one tag to the next (a selection's attributes, its coding, the closing tag), so most are
   * recognised by one comparison with the name read there last time, not read character by
   * character.
   */
  private expectedNameEnd(start: number, expected: Name | undefined): number {
    if (expected === undefined) return -1;
    const end = start + expected.qname.length;
    if (this.xml.slice(start, end) !== expected.qname) return -1;
    // The name must end there (past ASCII, let `nameEnd` decide).
    const c = this.xml.charCodeAt(end);
    return c >= 128 || (c < 128 && NAME_CHAR[c] !== 0) ? -1 : end;
  }

  /** Where the name starting at `from` ends, or -1 when no name starts there. */
  private nameEnd(from: number): number {
    const { xml } = this;
    let c = xml.charCodeAt(from);
    if (c >= 128) return this.unicodeNameEnd(from);
    if (!(c < 128 && NAME_CHAR[c] === 1)) return -1; // also at the end of the document (NaN)
    let at = from + 1;
    for (c = xml.charCodeAt(at); c < 128 && NAME_CHAR[c] !== 0; c = xml.charCodeAt(++at));
    return c >= 128 ? this.unicodeNameEnd(from) : at;
  }

  /** `nameEnd` for a name with a character past ASCII. */
  private unicodeNameEnd(from: number): number {
    NAME.lastIndex = from;
    return NAME.exec(this.xml) ? NAME.lastIndex : -1;
  }

  private skipWhite(from: number): number {
    let at = from;
    while (isWhite(this.xml.charCodeAt(at))) at++;
    return at;
  }

  /** Text with its references replaced; `from` is where it starts in the document, for errors. */
  private decode(raw: string, from: number): string {
    let amp = raw.indexOf('&');
    if (amp === -1) return raw;
    let out = '';
    let last = 0;
    while (amp !== -1) {
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(raw);
      if (!m) this.fail(`"&" must start a character or entity reference such as &amp;`, from + amp);
      let ch: string;
      if (m[3]) ch = PREDEFINED[m[3]]!;
      else {
        const code = m[1] ? parseInt(m[1], 10) : parseInt(m[2]!, 16);
        if (!isXmlChar(code)) this.fail(`the reference ${m[0]} names a character XML does not allow`, from + amp);
        ch = String.fromCodePoint(code);
      }
      out += raw.slice(last, amp) + ch;
      last = amp + m[0].length;
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  }

  /** An element is complete: it joins its parent (or is the root). */
  private finish(f: Frame): void {
    let value: unknown;
    if (f.empty) value = f.text;
    else {
      if (f.text !== '') f.node['#text'] = f.text;
      value = f.node;
    }
    if (this.revive) value = this.revive(f.name.element, value);
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      // A parent that had only text so far keeps that text, as #text, beside its children.
      parent.empty = false;
      this.addChild(parent.node, f.name.element, value);
    } else {
      this.doc[f.name.element] = value;
    }
  }

  private addChild(parent: XNode, key: string, value: unknown): void {
    const existing = parent[key];
    // Values are never arrays themselves, so an array here is a list of this child already.
    if (existing === undefined) parent[key] = this.isArray(key) ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent[key] = [existing, value];
  }
}
