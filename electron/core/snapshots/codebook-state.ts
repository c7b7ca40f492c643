import type { Code, SnapshotCode } from '../../../shared/types.js';

/**
 * The codebook and themes as a snapshot keeps them: every code with its place (the names of its
 * ancestors) and its own fields, in tree order (depth first, siblings by position). Counts are
 * left out: a snapshot records the analyst's scheme, not the coding that goes on under it.
 */
export function codebookState(codes: Code[]): SnapshotCode[] {
  const children = new Map<string | null, Code[]>();
  for (const c of codes) {
    const list = children.get(c.parentGuid) ?? [];
    list.push(c);
    children.set(c.parentGuid, list);
  }
  const out: SnapshotCode[] = [];
  const walk = (parent: string | null, path: string[]) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.position - b.position);
    for (const c of list) {
      const here = [...path, c.name];
      out.push({
        guid: c.guid,
        parentGuid: c.parentGuid,
        path: here,
        kind: c.kind,
        name: c.name,
        color: c.color,
        definition: c.definition,
        inclusion: c.inclusion,
        exclusion: c.exclusion,
        example: c.example,
        centralConcept: c.centralConcept,
        status: c.status,
        position: c.position,
      });
      walk(c.guid, here);
    }
  };
  walk(null, []);
  return out;
}
