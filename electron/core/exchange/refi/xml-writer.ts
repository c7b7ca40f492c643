/**
 * XML written as strings, element by element. A .qde of a large study has hundreds of thousands
 * of elements; building them as an object tree for XMLBuilder first cost seconds and twice the
 * memory, and the REFI-QDA schemas need nothing a builder gives beyond escaping.
 *
 * Every text and attribute value goes through `escapeText` / `escapeAttr`, which also drop what
 * XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF).
 */

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK_TEXT = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK_ATTR = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** Text XML 1.0 can carry: without control characters and lone surrogates. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '');
}

/**
 * Element content: `&`, `<` and `>` as references, and `\r` as `&#13;` (a parser turns a literal
 * CR, or CRLF, into `\n`, so only the reference keeps it).
 */
export function escapeText(s: string): string {
  if (!NEEDS_WORK_TEXT.test(s)) return s;
  return xmlText(s).replace(/[&<>\r]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/**
 * An attribute value, quoted with `"`: one line (a parser folds line breaks and tabs into
 * spaces anyway), with `&`, `<`, `>` and `"` as references.
 */
export function escapeAttr(s: string): string {
  if (!NEEDS_WORK_ATTR.test(s)) return s;
  return xmlText(s)
    .replace(/[\r\n\t]+/gu, ' ')
    .replace(/[&<>"]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Attributes in the order given; `undefined` and `null` values are left out. */
export type Attrs = Record<string, string | number | null | undefined>;

/**
 * Appends XML to a list of string parts, joined into a chunk every few thousand parts (one list of
 * millions of small strings kept the garbage collector busy) and into one string at the end.
 */
export class XmlWriter {
  private parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  private readonly chunks: string[] = [];

  private push(s: string): void {
    this.parts.push(s);
    if (this.parts.length >= 4096) {
      this.chunks.push(this.parts.join(''));
      this.parts = [];
    }
  }

  private tag(name: string, attrs: Attrs | undefined, close: '>' | '/>'): void {
    let s = `<${name}`;
    if (attrs) {
      for (const key in attrs) {
        const v = attrs[key];
        if (v === undefined || v === null) continue;
        s += ` ${key}="${typeof v === 'number' ? v : escapeAttr(v)}"`;
      }
    }
    this.push(s + close);
  }

  /** `<name …>`: children follow, then `end(name)`. */
  start(name: string, attrs?: Attrs): void {
    this.tag(name, attrs, '>');
  }

  end(name: string): void {
    this.push(`</${name}>`);
  }

  /** `<name …/>` */
  empty(name: string, attrs?: Attrs): void {
    this.tag(name, attrs, '/>');
  }

  /** `<name …>text</name>`, escaped. */
  textElement(name: string, text: string, attrs?: Attrs): void {
    this.tag(name, attrs, '>');
    this.push(escapeText(text));
    this.push(`</${name}>`);
  }

  toString(): string {
    return this.chunks.join('') + this.parts.join('');
  }
}
