import { describe, expect, it } from 'vitest';
import type { Code } from '../../shared/types.js';
import { codebookMarkdown } from '../../electron/core/exchange/codebook-md.js';

let n = 0;
function code(name: string, parent: Code | null, extra: Partial<Code> = {}): Code {
  n++;
  return {
    guid: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    parentGuid: parent?.guid ?? null,
    kind: 'code',
    name,
    color: '#112233',
    definition: '',
    inclusion: '',
    exclusion: '',
    example: '',
    status: null,
    position: 0,
    codings: 0,
    documents: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u',
    centralConcept: '',
    exampleCoding: null,
    mapX: null,
    mapY: null,
    ...extra,
  };
}

const EXPORTED_AT = '2026-03-14T15:09:26.000Z';

describe('codebookMarkdown', () => {
  const barriers = code('Barriers to seeking support', null, {
    definition: 'Anything that makes residents less likely to ask for help.',
    codings: 3,
    documents: 2,
    color: '#F4A66E',
  });
  const stigma = code('Stigma', barriers, {
    definition: '  Fear of looking weak.  ',
    inclusion: 'Mentions of judgement by peers.',
    exclusion: 'Judgement by patients.',
    example: '“I didn’t want to be the intern who couldn’t handle it.”',
    codings: 1,
    documents: 1,
  });
  const licensing = code('Licensing', stigma);
  const debriefs = code('Debriefs', null, { kind: 'theme', status: 'candidate', codings: 2, documents: 1 });
  const codes = [barriers, debriefs, stigma, licensing];
  const md = codebookMarkdown('Peer support', codes, EXPORTED_AT);
  const lines = md.split('\n');

  it('starts with the title, the export date and the number of codes', () => {
    expect(lines[0]).toBe('# Codebook: Peer support');
    expect(md).toContain('Exported 2026-03-14 · 4 codes');
  });

  it('renders the tree as nested headings, children under their parent, in the given order', () => {
    const headings = lines.filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Codebook: Peer support',
      '## Barriers to seeking support',
      '### Stigma',
      '#### Licensing',
      '## Debriefs',
    ]);
  });

  it('gives each nested code its path from the root', () => {
    expect(lines).toContain('*Barriers to seeking support › Stigma*');
    expect(lines).toContain('*Barriers to seeking support › Stigma › Licensing*');
    // Top-level codes have no path line.
    expect(md).not.toContain('*Barriers to seeking support*');
    expect(md).not.toContain('*Debriefs*');
  });

  it('gives counts, kind and colour, with singular and plural', () => {
    expect(lines).toContain('Code · colour #F4A66E · 3 codings in 2 documents');
    expect(lines).toContain('Code · colour #112233 · 1 coding in 1 document');
    expect(lines).toContain('Code · colour #112233 · 0 codings in 0 documents');
    expect(lines).toContain('Theme · colour #112233 · 2 codings in 1 document');
  });

  it('writes the description fields that are filled in, trimmed, and leaves out empty ones', () => {
    expect(lines).toContain('**Definition:** Fear of looking weak.');
    expect(lines).toContain('**Include when:** Mentions of judgement by peers.');
    expect(lines).toContain('**Exclude when:** Judgement by patients.');
    expect(lines).toContain('**Example:** “I didn’t want to be the intern who couldn’t handle it.”');
    expect(md.match(/\*\*Definition:\*\*/g)).toHaveLength(2);
    expect(md.match(/\*\*Include when:\*\*/g)).toHaveLength(1);
    // The fields follow their own heading, before the next one.
    const stigmaAt = lines.indexOf('### Stigma');
    const licensingAt = lines.indexOf('#### Licensing');
    const exampleAt = lines.findIndex((l) => l.startsWith('**Example:**'));
    expect(stigmaAt).toBeLessThan(exampleAt);
    expect(exampleAt).toBeLessThan(licensingAt);
  });

  it('does not say the codebook is empty when it is not', () => {
    expect(md).not.toContain('No codes yet');
  });

  it('caps heading depth at six levels', () => {
    let parent: Code | null = null;
    const chain: Code[] = [];
    for (let i = 1; i <= 7; i++) {
      parent = code(`Level ${i}`, parent);
      chain.push(parent);
    }
    const deep = codebookMarkdown('Deep', chain, EXPORTED_AT).split('\n');
    expect(deep).toContain('## Level 1');
    expect(deep).toContain('###### Level 5');
    expect(deep).toContain('###### Level 7');
    expect(deep).toContain('*Level 1 › Level 2 › Level 3 › Level 4 › Level 5 › Level 6 › Level 7*');
  });

  it('counts a single code in the singular', () => {
    expect(codebookMarkdown('One', [code('Only', null)], EXPORTED_AT)).toContain('Exported 2026-03-14 · 1 code\n');
  });

  it('says so when the codebook is empty', () => {
    const empty = codebookMarkdown('Empty study', [], EXPORTED_AT);
    expect(empty.split('\n')[0]).toBe('# Codebook: Empty study');
    expect(empty).toContain('Exported 2026-03-14 · 0 codes');
    expect(empty).toContain('_No codes yet._');
    expect(empty.split('\n').filter((l) => l.startsWith('##'))).toEqual([]);
  });
});
