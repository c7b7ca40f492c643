/**
 * Summarises a V8 CPU profile written by `npm run bench -- --profile DIR`:
 * `npx tsx bench/profile-summary.ts DIR/import.cpuprofile [--top N] [--filter TEXT]`.
 *
 * Prints the functions with the most self time and the most total time (self plus callees), by
 * name and source location. Time spent inside SQLite shows as the self time of the better-sqlite3
 * method that called it (`run`, `get`, `all`, `exec`); its callers in the total-time list say which
 * statement it was. For the full call tree, open the file in Chrome DevTools (Performance tab).
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function label(n: ProfileNode, root: string): string {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  let url = f.url.replace(/^file:\/\//, '');
  if (url.startsWith(root)) url = url.slice(root.length + 1);
  url = url.replace(/.*node_modules\//, '');
  // Line numbers of TypeScript run through tsx are those of the transformed code: leave them out.
  return /\.[cm]?tsx?$/.test(url) ? `${name}  ${url}` : `${name}  ${url}:${f.lineNumber + 1}`;
}

function main(argv: string[]): void {
  const file = argv.find((a) => !a.startsWith('--'));
  const topArg = argv.indexOf('--top');
  const top = topArg >= 0 ? Number(argv[topArg + 1]) : 25;
  const filterArg = argv.indexOf('--filter');
  const filter = filterArg >= 0 ? argv[filterArg + 1] : undefined;
  if (!file) {
    process.stderr.write('Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--filter TEXT]\n');
    process.exit(2);
  }
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const root = path.resolve(__dirname, '..');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Self time per node from the samples (each sample's time is the delta that follows it).
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const l = label(n, root);
    self.set(l, (self.get(l) ?? 0) + us);
    // Every distinct function on the stack gets this sample once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(byId.get(cur)!, root);
      if (seen.has(cl)) continue;
      seen.add(cl);
      inclusive.set(cl, (inclusive.get(cl) ?? 0) + us);
    }
  }

  const show = (title: string, m: Map<string, number>) => {
    const rows = [...m.entries()]
      .filter(([l]) => !filter || l.includes(filter))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
    process.stdout.write(`\n${title}\n`);
    for (const [l, us] of rows) {
      process.stdout.write(`${(us / 1000).toFixed(0).padStart(9)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${l}\n`);
    }
  };
  process.stdout.write(`${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled\n`);
  show('self time', self);
  show('total time (self + callees)', inclusive);
}

main(process.argv.slice(2));
