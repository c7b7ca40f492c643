/**
 * The project the view benchmark (bench/view.ts) opens in Chromium: ONE two-hour focus group of
 * about 30,000 words with 3,000 codings over 60 codes, plus one short transcript to switch to.
 *
 * The transcripts come from bench/generate.ts (same vocabulary, speakers, turn shapes and coding
 * plan as the core benchmark, seeded the same way); everything is written into a real project
 * file through the core's `dispatch`, as the front doors do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OpInput, OpName, OpOutput } from '../shared/api.js';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
import { generateStudy, type StudySpec } from './generate.js';

/**
 * The transcript of issue 4's speed targets. Codings span 5–40 words (a phrase to a few
 * sentences): at one coding per ten words that already puts most words under a highlight and
 * many under two or more, without turning the whole transcript into one overlap.
 */
export const VIEW_SPEC: StudySpec = {
  groups: 1,
  wordsPerGroup: 30_000,
  codes: 60,
  codings: 3_000,
  speakersMin: 15,
  speakersMax: 20,
  spanWordsMin: 5,
  spanWordsMax: 40,
};

/** The transcript the view switches to between openings of the big one. */
const SHORT_SPEC: StudySpec = { ...VIEW_SPEC, wordsPerGroup: 400, codes: 1, codings: 0 };

export const BIG_NAME = 'focus-group-two-hours';
export const SHORT_NAME = 'short-pilot-group';

export interface ViewStudy {
  projectPath: string;
  big: { guid: string; name: string; words: number; turns: number; speakers: number; length: number; bytes: number };
  short: { guid: string; name: string };
  codes: { guid: string; name: string }[];
  /** Codings in the project after the plan was applied. */
  codings: number;
  /** Share of the big transcript's characters (between its first and last word) under at least one / at least two codings. */
  codedShare: number;
  overlapShare: number;
  /** The largest number of codings over one character. */
  maxDepth: number;
  /** Wall time of generating, importing and coding, for the progress line. */
  buildMs: number;
}

async function call<N extends OpName>(session: Session, name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const r = await dispatch(session, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as OpOutput<N>;
}

/** Writes the transcripts into `dir`, creates `dir/view.chorus`, imports and codes them. Closes the project. */
export async function buildViewStudy(dir: string, seed: number, log: (message: string) => void): Promise<ViewStudy> {
  const t0 = performance.now();
  const bigDir = path.join(dir, 'big');
  const shortDir = path.join(dir, 'short');
  fs.mkdirSync(bigDir, { recursive: true });
  fs.mkdirSync(shortDir, { recursive: true });
  const study = generateStudy(bigDir, VIEW_SPEC, seed);
  const short = generateStudy(shortDir, SHORT_SPEC, seed + 1);
  const bigFile = path.join(dir, `${BIG_NAME}.txt`);
  const shortFile = path.join(dir, `${SHORT_NAME}.txt`);
  fs.renameSync(study.documents[0]!.file, bigFile);
  fs.renameSync(short.documents[0]!.file, shortFile);
  const doc = study.documents[0]!;

  const projectPath = path.join(dir, 'view.chorus');
  const session = new Session(createEnv({ user: { guid: '00000000-0000-4000-8000-00000000be4c', name: 'Benchmark' } }));
  try {
    await call(session, 'project.create', { path: projectPath, title: `View benchmark (seed ${seed})` });
    const report = await call(session, 'documents.import', {
      sources: [
        { kind: 'path', path: bigFile },
        { kind: 'path', path: shortFile },
      ],
    });
    const [bigReport, shortReport] = report.files;
    if (!bigReport?.ok || !bigReport.document || !shortReport?.ok || !shortReport.document) {
      throw new Error(`Import failed: ${report.files.map((f) => `${f.source}: ${f.error?.message ?? 'ok'}`).join('; ')}`);
    }
    const bigGuid = bigReport.document.guid;
    const stored = await call(session, 'documents.get', { document: bigGuid });
    if (stored.text !== fs.readFileSync(bigFile, 'utf8')) {
      throw new Error('The stored text of the transcript differs from the file: planned offsets would be wrong.');
    }
    if (bigReport.turns !== doc.turns) log(`NOTE: the importer found ${bigReport.turns} turns; the generator wrote ${doc.turns}`);

    const codes: { guid: string; name: string }[] = [];
    for (const c of study.codes) {
      const code = await call(session, 'codes.create', {
        name: c.name,
        definition: c.definition,
        parent: c.parent === null ? null : codes[c.parent]!.guid,
      });
      codes.push({ guid: code.guid, name: code.name });
    }
    for (const c of study.codings) {
      await call(session, 'codings.apply', { document: bigGuid, start: c.start, end: c.end, code: { guid: codes[c.code]!.guid } });
    }
    const info = await call(session, 'project.info', {});

    // How much of the text lies under highlights, and how deep they stack.
    const depth = new Int16Array(stored.text.length + 1);
    for (const c of study.codings) {
      depth[c.start]!++;
      depth[c.end]!--;
    }
    const first = Math.min(...study.codings.map((c) => c.start), ...stored.turns.filter((t) => t.speakerGuid).map((t) => t.start));
    const last = stored.turns.reduce((m, t) => Math.max(m, t.end), 0);
    let level = 0;
    let coded = 0;
    let overlap = 0;
    let maxDepth = 0;
    for (let i = 0; i < stored.text.length; i++) {
      level += depth[i]!;
      if (i < first || i >= last) continue;
      if (level >= 1) coded++;
      if (level >= 2) overlap++;
      if (level > maxDepth) maxDepth = level;
    }
    const span = Math.max(1, last - first);
    return {
      projectPath,
      big: {
        guid: bigGuid,
        name: BIG_NAME,
        words: doc.words,
        turns: stored.turns.length,
        speakers: stored.speakers.length,
        length: doc.length,
        bytes: doc.bytes,
      },
      short: { guid: shortReport.document.guid, name: SHORT_NAME },
      codes,
      codings: info.counts.codings,
      codedShare: coded / span,
      overlapShare: overlap / span,
      maxDepth,
      buildMs: performance.now() - t0,
    };
  } finally {
    session.close();
  }
}
