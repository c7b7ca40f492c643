import { describe, expect, it } from 'vitest';
import { parseXml, XmlSyntaxError } from '../../electron/core/exchange/refi/xml-parse.js';

const parse = (xml: string) => parseXml(xml, (name) => name === 'Item');

describe('REFI-QDA XML reader', () => {
  it.each([
    ['a crossed tag', '<Project name="x"><Users></Project>'],
    ['an unclosed element', '<Project name="x"><Users>'],
    ['an unquoted attribute', '<Project name=x/>'],
    ['a repeated attribute', '<Project a="1" a="2"/>'],
    ['attributes without space between', '<Project a="1"b="2"/>'],
    ['two roots', '<Project/><Project/>'],
    ['a bare ampersand', '<Project>a & b</Project>'],
    ['an undefined entity', '<Project>&nbsp;</Project>'],
    ['a reference to a forbidden character', '<Project>&#1;</Project>'],
    ['< in an attribute', '<Project a="<"/>'],
    ['text after the root', '<Project>text</Project>junk'],
    ['an invalid name', '<1Project/>'],
    ['a truncated tag', '<Project'],
    ['a DOCTYPE', '<!DOCTYPE x><Project/>'],
    ['an unclosed comment', '<Project><!-- x </Project>'],
    ['no root', '  '],
  ])('refuses %s', (_, xml) => {
    expect(() => parse(xml)).toThrow(XmlSyntaxError);
  });

  it('reports the line', () => {
    try {
      parse('<Project>\n<A>\n</B></Project>');
      expect.unreachable();
    } catch (e) {
      expect((e as XmlSyntaxError).line).toBe(3);
    }
  });

  it('reads the tree as fast-xml-parser did', () => {
    const doc = parse(
      `<?xml version="1.0"?>\r\n<!-- c --><p:Project xmlns="urn:x" xmlns:p="urn:p" p:name="a &amp; b &#x1F605;" n='1'>` +
        `<Item id="1"/><Other>t&lt;x&gt;</Other><Other>u</Other><Text a="1">line\r\none&#13;<![CDATA[<raw>]]></Text><Empty/></p:Project>`,
    );
    expect(doc).toEqual({
      Project: {
        '@name': 'a & b 😅',
        '@n': '1',
        Item: [{ '@id': '1' }],
        Other: ['t<x>', 'u'],
        Text: { '@a': '1', '#text': 'line\none\r<raw>' },
        Empty: '',
      },
    });
  });
});
