import { describe, expect, it } from 'vitest';
import { readProject } from '../../electron/core/exchange/refi/read-qde.js';
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
    ['a repeated attribute in a tag like the one before', '<Project><A a="1" b="2"/><A a="1" a="2"/></Project>'],
    ['a closing tag longer than the one expected', '<Project><A></A><A></AB></Project>'],
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

  it('reads names like, or longer than, the ones before them', () => {
    const doc = parse('<Project><A guid="1" n="x"/><A guidx="2"/><AB guid="3"/><A n="4" guid·="5"></A><A·/></Project>');
    expect(doc).toEqual({
      Project: { A: [{ '@guid': '1', '@n': 'x' }, { '@guidx': '2' }, { '@n': '4', '@guid·': '5' }], AB: { '@guid': '3' }, 'A·': '' },
    });
  });

  it('gives each element, once complete, to the reviver, which may replace it', () => {
    const seen: string[] = [];
    const doc = parseXml('<Project><Item id="1"><Sub/></Item><Other>t</Other></Project>', (name) => name === 'Item', (key, value) => {
      seen.push(key);
      return key === 'Item' ? { replaced: value } : value;
    });
    expect(seen).toEqual(['Sub', 'Item', 'Other', 'Project']);
    expect(doc).toEqual({ Project: { Item: [{ replaced: { '@id': '1', Sub: '' } }], Other: 't' } });
  });
});

describe('REFI-QDA project reader', () => {
  const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const project = (userGuid: string, selectionGuid: string) =>
    `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="${userGuid}" name="u"/></Users>` +
    `<CodeBook><Codes><Code guid="${GUID(2)}" name="c" isCodable="true"/></Codes></CodeBook><Sources>` +
    `<TextSource guid="${GUID(3)}" name="s"><PlainTextSelection guid="${selectionGuid}" startPosition="0" endPosition="1" creatingUser="${GUID(1)}">` +
    `<Coding guid="${GUID(5)}" creatingUser="${GUID(1)}"><CodeRef targetGUID="${GUID(2).toUpperCase()}"/></Coding></PlainTextSelection></TextSource></Sources></Project>`;

  it('reads selections as they come, and reports a bad one only after what comes before it', () => {
    const refi = readProject(project(GUID(1), `{${GUID(4).toUpperCase()}}`), 'p.qde');
    expect(refi.sources[0]!.selections).toEqual([
      expect.objectContaining({ guid: GUID(4), creator: GUID(1), codings: [expect.objectContaining({ guid: GUID(5), code: GUID(2) })] }),
    ]);
    expect(() => readProject(project(GUID(1), 'bad'), 'p.qde')).toThrow(/a text selection has an invalid GUID "bad"/u);
    expect(() => readProject(project('nope', 'bad'), 'p.qde')).toThrow(/a user has an invalid GUID "nope"/u);
    expect(() => readProject(project('nope', 'bad').replace('</Project>', '</Projects>'), 'p.qde')).toThrow(/not well-formed/u);
  });
});
