import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, type OpName } from '../../shared/api.js';
import { mapInputPaths, pathFields, type PathKind } from '../../shared/input-paths.js';

/** Every path field of an input, as `field.path: kind`, found by mapping with a recording policy. */
function pathsIn(name: OpName, input: unknown): string[] {
  const found: string[] = [];
  const parsed = api[name].input.parse(input);
  mapInputPaths(api[name].input, parsed, (p, kind: PathKind, field) => {
    found.push(`${field.join('.')}: ${kind}`);
    return p;
  });
  return found;
}

/** Names of string fields anywhere in a schema that look like paths but are not marked as one. */
function unmarkedPathLike(schema: z.ZodType, at: string, out: string[], seen = new Set<z.ZodType>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const children: [string, z.ZodType][] = [];
  if (def.type === 'object') for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) children.push([k, v]);
  for (const key of ['innerType', 'element', 'in', 'out', 'valueType', 'left', 'right'] as const) {
    if (def[key]) children.push([at.split('.').pop()!, def[key] as z.ZodType]);
  }
  if (Array.isArray(def.options)) for (const o of def.options as z.ZodType[]) children.push([at.split('.').pop()!, o]);
  for (const [key, child] of children) {
    const childAt = def.type === 'object' ? `${at}.${key}` : at;
    const childDef = child._zod.def as { type: string };
    if (childDef.type === 'string' && /path$|file$|dir$|folder$/i.test(key) && !pathFields.get(child)) out.push(childAt);
    unmarkedPathLike(child, childAt, out, seen);
  }
}

describe('path fields of the contract', () => {
  it('finds every kind of path: project, source and destination, in unions and arrays', () => {
    expect(pathsIn('project.open', { path: 'a.chorus' })).toEqual(['path: project']);
    expect(
      pathsIn('documents.import', {
        sources: [
          { kind: 'bytes', name: 'up.txt', base64: '' },
          { kind: 'path', path: '/tmp/fg1.txt' },
        ],
      }),
    ).toEqual(['sources.1.path: source']);
    expect(pathsIn('project.importRefi', { source: '/tmp/x.qdpx', path: 'x.chorus' })).toEqual(['source: source', 'path: project']);
    expect(pathsIn('project.importRefi', { source: { kind: 'bytes', name: 'x.qdpx', base64: '' }, path: 'x.chorus' })).toEqual(['path: project']);
    expect(pathsIn('export.refi', { format: 'qdpx', path: '/tmp/out.qdpx' })).toEqual(['path: destination']);
    expect(pathsIn('export.refi', { format: 'qdpx' })).toEqual([]);
    const document = '00000000-0000-4000-8000-000000000001';
    expect(pathsIn('media.link', { document, path: '/rec/fg1.m4a' })).toEqual(['path: recording']);
    expect(pathsIn('media.relocate', { document, path: '/rec/fg1.m4a' })).toEqual(['path: recording']);
  });

  it('replaces a path with what the policy answers, and leaves the input it was given alone', () => {
    const input = api['project.open'].input.parse({ path: 'a.chorus' });
    const out = mapInputPaths(api['project.open'].input, input, (p) => `/projects/${p}`);
    expect(out).toEqual({ path: '/projects/a.chorus' });
    expect(input).toEqual({ path: 'a.chorus' });
  });

  it('marks every field that names a file on disk, so no door can miss one', () => {
    const unmarked: string[] = [];
    for (const [name, def] of Object.entries(api)) unmarkedPathLike(def.input as z.ZodType, name, unmarked);
    expect(unmarked).toEqual([]);
  });
});
