import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, XmlWriter } from '../../electron/core/exchange/refi/xml-writer.js';

describe('REFI-QDA XML writer', () => {
  it('escapes what XML needs and drops what XML 1.0 cannot carry', () => {
    expect(escapeText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d "e"');
    expect(escapeText('x\u0001y\u000bz\uFFFE\uD800!')).toBe('xyz!');
    expect(escapeText('line\r\nnext')).toBe('line&#13;\nnext');
    expect(escapeText('😅 café')).toBe('😅 café');
    expect(escapeAttr('say "hi" & <go>\n\tnow')).toBe('say &quot;hi&quot; &amp; &lt;go&gt; now');
  });

  it('writes text and attributes that read back as written', () => {
    const w = new XmlWriter();
    const name = 'A "quoted" & <tagged> name';
    const text = 'First & second <line>\r\nthird "x" 😅';
    w.start('Root', { name, n: 3, skipped: undefined });
    w.textElement('Text', text);
    w.empty('Leaf', { v: "it's" });
    w.end('Root');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, parseAttributeValue: false, htmlEntities: true }).parse(w.toString()) as {
      Root: { '@name': string; '@n': string; '@skipped'?: string; Text: string; Leaf: { '@v': string } };
    };
    expect(doc.Root['@name']).toBe(name);
    expect(doc.Root['@n']).toBe('3');
    expect(doc.Root['@skipped']).toBeUndefined();
    expect(doc.Root.Text).toBe(text);
    expect(doc.Root.Leaf['@v']).toBe("it's");
  });
});
