import { parseArgs } from 'node:util';
import type { MergeConflict, MergePlan, MergeResolution } from '../../shared/merge.js';
import path from 'node:path';
import { UsageError, type Cli, type CliCommand } from './cli.js';
import { OTHER_PASSPHRASE_ENV, withPassphrase } from './passphrase.js';

/** `chorus merge P OTHER`: a co-coder's project (.chorus or .qdpx) into P. */

const side = (v: MergeConflict['ours'] | null, conflict: MergeConflict): string => {
  if (v === null) return '(no common ancestor)';
  if (!v.exists) return v.note ?? '(gone)';
  const parts = conflict.fields.map((f) => {
    if (f === 'parent') return `under "${v.parentPath.join(' › ') || 'the top'}"`;
    const value = f === 'centralConcept' ? v.centralConcept : v[f];
    return `${f}: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  });
  return [parts.join('; '), v.note].filter(Boolean).join(' — ') || v.name;
};

export function conflictLines(conflicts: readonly MergeConflict[]): string[] {
  const out: string[] = [];
  for (const c of conflicts) {
    out.push(`  ${c.kind.padEnd(8)} ${c.code.path || c.code.name}: ${c.detail}`);
    out.push(`           base:   ${side(c.base, c)}`);
    out.push(`           ours:   ${side(c.ours, c)}`);
    out.push(`           theirs: ${side(c.theirs, c)}`);
  }
  return out;
}

export function planLines(plan: MergePlan): string[] {
  const a = plan.ancestor;
  const out = [
    `Merging ${plan.source.name}${plan.source.title ? ` ("${plan.source.title}")` : ''}`,
    a.found ? `  common ancestor: log entry ${a.seq} (${a.summary})` : `  no common ancestor: ${a.reason}`,
    `  documents: ${plan.documents.matched.length} matched, ${plan.documents.added.length} added, ${plan.documents.clashing.length} clashing`,
  ];
  for (const d of plan.documents.matched.filter((m) => m.name !== m.ourName)) out.push(`    matched by text: "${d.name}" is "${d.ourName}" here`);
  for (const d of plan.documents.added) out.push(`    + ${d.name} (${d.codings} codings)`);
  for (const d of plan.documents.clashing) {
    out.push(`    ! ${d.name}: another text has this name here; ${d.ourName ? `added as "${d.ourName}"` : `left out with its ${d.codings} codings`}`);
  }
  const byName = plan.codes.matched.filter((m) => m.by === 'name').length;
  out.push(`  codes: ${plan.codes.added.length} added, ${plan.codes.matched.length} matched (${byName} by name), ${plan.codes.renamed.length} renamed, ${plan.codes.moved.length} moved, ${plan.codes.changed.length} changed, ${plan.codes.removed.length} removed`);
  for (const c of plan.codes.added) out.push(`    + ${c.path}`);
  for (const c of [...plan.codes.renamed, ...plan.codes.moved, ...plan.codes.changed, ...plan.codes.removed]) out.push(`    ~ ${c.path}: ${c.detail}`);
  out.push(`  participants: ${plan.participants.matched.length} matched, ${plan.participants.added.length} added`);
  for (const c of plan.coders) {
    out.push(`  ${c.name}${c.isNew ? ' (new coder)' : ''}: ${c.codings} codings to add, ${c.present} here already${c.skipped ? `, ${c.skipped} left out` : ''}`);
  }
  out.push(`  memos: ${plan.memos.added} to add (${plan.memos.journalEntries} journal entries)`);
  out.push(`  conflicts: ${plan.conflicts.length}`);
  out.push(...conflictLines(plan.conflicts));
  return out;
}

export const mergeCommand: CliCommand = {
  usage: `  merge PROJECT OTHER [--dry-run] [--take ours|theirs] [--add-clashing] [--json]
                                      merge a co-coder's copy (.chorus) or a .qdpx into PROJECT;
                                      --dry-run shows what would be added, matched and renamed,
                                      and the codebook conflicts side by side; --take settles
                                      every conflict one way; an encrypted OTHER is read
                                      with the project's passphrase, else CHORUS_OTHER_PASSPHRASE
                                      or one asked for
`,
  async run(cli: Cli, args: string[]): Promise<void> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        take: { type: 'string' },
        'add-clashing': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const [project, other] = positionals;
    if (!other) throw new UsageError('Usage: chorus merge PROJECT OTHER [--dry-run] [--take ours|theirs] [--json]');
    if (values.take !== undefined && values.take !== 'ours' && values.take !== 'theirs') throw new UsageError('--take is ours or theirs.');
    await cli.open(project);
    const clashing = values['add-clashing'] ? ('add' as const) : ('skip' as const);
    // The copy's own passphrase, when the project's does not open it; kept for the merge itself.
    let passphrase: string | undefined;
    const plan = await withPassphrase(path.basename(other), OTHER_PASSPHRASE_ENV, (p) => {
      passphrase = p;
      return cli.call('team.previewMerge', { source: other, clashing, ...(p !== undefined ? { passphrase: p } : {}) });
    });
    if (values['dry-run']) {
      cli.out(values.json ? JSON.stringify(plan, null, 2) : planLines(plan).join('\n'));
      return;
    }
    if (plan.conflicts.length > 0 && !values.take) {
      throw Object.assign(
        new Error(
          [`${plan.conflicts.length} conflict(s) need a choice; nothing was merged. Rerun with --take ours or --take theirs:`, ...conflictLines(plan.conflicts)].join('\n'),
        ),
        { code: 'CONFLICT' },
      );
    }
    const take = values.take as 'ours' | 'theirs' | undefined;
    const resolutions: Record<string, MergeResolution> = {};
    for (const c of plan.conflicts) resolutions[c.id] = { take: take! };
    const result = await cli.call('team.merge', { source: other, resolutions, clashing, ...(passphrase !== undefined ? { passphrase } : {}) });
    cli.out(values.json ? JSON.stringify(result, null, 2) : result.summary);
  },
};
