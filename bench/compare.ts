/**
 * Compares benchmark runs: `npx tsx bench/compare.ts BASE.json NEW.json [MORE.json ...]`.
 *
 * Prints one row per measurement with the value of each run and the change of each against the
 * first. Whether a change is better or worse depends on the unit (MB/s up is good, ms up is bad);
 * the last column says which. Nothing fails: read the table.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Run {
  file: string;
  size: string;
  machine: { cpus?: number; cpuModel?: string; node?: string; platform?: string; commit?: string | null };
  results: { name: string; value: number; unit: string }[];
}

function load(file: string): Run {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<Run, 'file'>;
  if (!Array.isArray(data.results)) throw new Error(`${file} is not a benchmark result (no "results").`);
  return { ...data, file };
}

/** Units where a larger value is better; for the rest (ms, s, MB, counts of time) smaller is. */
const HIGHER_IS_BETTER = new Set(['MB/s']);
const NEUTRAL = new Set(['count']);

function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  const abs = Math.abs(v);
  return v.toFixed(abs >= 100 ? 1 : abs >= 1 ? 2 : 3);
}

function main(files: string[]): void {
  if (files.length < 2) {
    process.stderr.write('Usage: npx tsx bench/compare.ts BASE.json NEW.json [MORE.json ...]\n');
    process.exit(2);
  }
  const runs = files.map(load);
  const base = runs[0]!;
  for (const r of runs) {
    process.stdout.write(
      `${path.basename(r.file)}: size ${r.size}, ${r.machine.cpus ?? '?'} × ${r.machine.cpuModel ?? '?'}, node ${r.machine.node ?? '?'}` +
        `${r.machine.commit ? `, commit ${r.machine.commit}` : ''}\n`,
    );
  }
  if (runs.some((r) => r.size !== base.size)) process.stdout.write('warning: the runs are of different sizes\n');
  const names = [...new Set(runs.flatMap((r) => r.results.map((x) => x.name)))];
  const header = ['name', ...runs.map((r, i) => (i === 0 ? 'base' : `run ${i}`)), ...runs.slice(1).map((_, i) => `Δ ${i + 1}`), 'unit', ''];
  const rows = names.map((name) => {
    const values = runs.map((r) => r.results.find((x) => x.name === name));
    const unit = values.find(Boolean)?.unit ?? '';
    const b = values[0]?.value;
    const deltas = values.slice(1).map((v) => (b && v ? `${(((v.value - b) / Math.abs(b)) * 100).toFixed(1)}%` : '—'));
    const last = values[values.length - 1]?.value;
    let verdict = '';
    // The floor measures the machine, not Chorus: no verdict on it.
    if (b && last !== undefined && !NEUTRAL.has(unit) && unit !== 'ratio' && !name.startsWith('import.floor')) {
      const change = (last - b) / Math.abs(b);
      const better = HIGHER_IS_BETTER.has(unit) ? change > 0 : change < 0;
      if (Math.abs(change) >= 0.1) verdict = better ? 'better' : 'WORSE';
    }
    return [name, ...values.map((v) => fmt(v?.value)), ...deltas, unit, verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i >= cells.length - 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
  process.stdout.write('\nbetter/WORSE: the last run against the base, when the change is 10% or more.\n');
}

main(process.argv.slice(2));
