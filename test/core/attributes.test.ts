import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, callFails, createHarness, dbOf, dumpCaptured, writeFile, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await call(h.session, 'project.createDemo', { path: h.file('demo.chorus') });
});
afterEach(() => h.cleanup());

const table = (scope: 'document' | 'participant') => call(h.session, 'attributes.table', { scope });

describe('attributes', () => {
  it('the demo carries typed document and participant attributes', async () => {
    const docs = await table('document');
    const byName = Object.fromEntries(docs.attributes.map((a) => [a.name, a]));
    expect(byName['focus group']!.type).toBe('number');
    expect(byName['date']!.type).toBe('date');
    expect(byName['site']).toMatchObject({ type: 'category', values: ['Site A', 'Site B'] });
    const fg3 = docs.rows.find((r) => r.label === 'Focus group 3 (Site B)')!;
    expect(fg3.values[byName['focus group']!.guid]).toBe('3');
    const people = await table('participant');
    expect(people.rows).toHaveLength(19);
    expect(people.attributes.map((a) => a.name)).toContain('postgraduate year');
  });

  it('checks values against the type and sets many in one undo step', async () => {
    const year = await call(h.session, 'attributes.define', { scope: 'participant', name: 'Years in medicine', type: 'number' });
    const people = await table('participant');
    const [maya, tomas] = ['Maya', 'Tomás'].map((l) => people.rows.find((r) => r.label === l)!.guid);
    await callFails(
      h.session,
      'attributes.setValues',
      { scope: 'participant', values: [{ owner: maya!, attribute: year.guid, value: 'seven' }] },
      'INVALID_INPUT',
    );
    const before = dumpCaptured(dbOf(h.session));
    await call(h.session, 'attributes.setValues', {
      scope: 'participant',
      values: [
        { owner: maya!, attribute: year.guid, value: ' 7 ' },
        { owner: tomas!, attribute: year.guid, value: '8,5' },
      ],
    });
    const after = await table('participant');
    expect(after.rows.find((r) => r.guid === maya)!.values[year.guid]).toBe('7');
    expect(after.rows.find((r) => r.guid === tomas)!.values[year.guid]).toBe('8.5');
    await call(h.session, 'history.undo', {});
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
    // A value of a document attribute cannot be set on a participant.
    const docAttr = (await table('document')).attributes[0]!;
    await callFails(
      h.session,
      'attributes.setValues',
      { scope: 'participant', values: [{ owner: maya!, attribute: docAttr.guid, value: 'x' }] },
      'INVALID_INPUT',
    );
  });

  it('renames, retypes (refusing values that do not fit) and deletes', async () => {
    const people = await table('participant');
    const year = people.attributes.find((a) => a.name === 'postgraduate year')!;
    const gender = people.attributes.find((a) => a.name === 'gender')!;
    await callFails(h.session, 'attributes.update', { attribute: gender.guid, type: 'number' }, 'INVALID_INPUT');
    const renamed = await call(h.session, 'attributes.update', { attribute: year.guid, name: 'PGY', type: 'category' });
    expect(renamed).toMatchObject({ name: 'PGY', type: 'category' });
    await callFails(h.session, 'attributes.define', { scope: 'participant', name: 'pgy', type: 'text' }, 'CONFLICT');
    await call(h.session, 'attributes.delete', { attribute: gender.guid });
    expect((await table('participant')).attributes.map((a) => a.name)).not.toContain('gender');
    await call(h.session, 'history.undo', {});
    expect((await table('participant')).attributes.map((a) => a.name)).toContain('gender');
  });

  it('imports values from a CSV keyed by name, inferring types and reporting unknown keys', async () => {
    const csv = writeFile(
      h.dir,
      'people.csv',
      ['Pseudonym;Shifts per month;Started;Track', 'maya;14;2024-07-01;Global health', 'Kwame;16;2023-07-01;', 'Nobody;3;2022-07-01;x', ''].join('\r\n'),
    );
    const report = await call(h.session, 'attributes.importCsv', { scope: 'participant', source: { kind: 'path', path: csv } });
    expect(report).toEqual({
      matched: 2,
      unmatched: ['Nobody'],
      createdAttributes: ['Shifts per month', 'Started', 'Track'],
      valuesSet: 5,
    });
    const people = await table('participant');
    const byName = Object.fromEntries(people.attributes.map((a) => [a.name, a]));
    expect(byName['Shifts per month']!.type).toBe('number');
    expect(byName['Started']!.type).toBe('date');
    const kwame = people.rows.find((r) => r.label === 'Kwame')!;
    expect(kwame.values[byName['Shifts per month']!.guid]).toBe('16');
    expect(kwame.values[byName['Track']!.guid]).toBeUndefined();
    // One undo step takes the whole CSV back.
    await call(h.session, 'history.undo', {});
    expect((await table('participant')).attributes.map((a) => a.name)).not.toContain('Track');
  });

  it('refuses a CSV whose values do not fit an existing attribute, changing nothing', async () => {
    const before = dumpCaptured(dbOf(h.session));
    const csv = writeFile(h.dir, 'bad.csv', 'label,postgraduate year\nMaya,second\n');
    await callFails(h.session, 'attributes.importCsv', { scope: 'participant', source: { kind: 'path', path: csv } }, 'INVALID_INPUT');
    const noColumns = writeFile(h.dir, 'one.csv', 'label\nMaya\n');
    await callFails(h.session, 'attributes.importCsv', { scope: 'participant', source: { kind: 'path', path: noColumns } }, 'INVALID_INPUT');
    expect(dumpCaptured(dbOf(h.session))).toEqual(before);
  });
});
