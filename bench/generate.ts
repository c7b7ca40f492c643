/**
 * A seeded generator of a synthetic focus-group study for the benchmark (bench/run.ts).
 *
 * It writes plain-text transcripts in the `[HH:MM:SS] Label: text` form the importer reads
 * (electron/core/documents/parse-transcript.ts), and plans a codebook and the codings a
 * researcher would apply to them. Everything is deterministic for a given size and seed: each
 * transcript has its own random stream, so the files do not depend on the order they are written
 * in, and the coding plan has its own stream too.
 *
 * The text is written already in the form the importer stores (NFC, `\n` line ends, no BOM), so
 * the UTF-16 offsets planned here are the offsets of the stored text. The vocabulary carries
 * non-ASCII words, a combining mark without a precomposed form, and now and then an emoji
 * (surrogate pairs, a ZWJ sequence), so the offsets are exercised the way real transcripts do.
 * A planned coding always begins and ends on a word boundary, so it never splits a pair.
 */
import fs from 'node:fs';
import path from 'node:path';

export type SizeName = 'small' | 'large';

export interface StudySpec {
  /** Focus groups, one transcript file each. */
  groups: number;
  /** Spoken words per transcript (the generator stops at the first turn end past it). */
  wordsPerGroup: number;
  codes: number;
  codings: number;
  /** Speakers on a group's roster, moderators included (in a short transcript some may not speak). */
  speakersMin: number;
  speakersMax: number;
  /** Words a coding spans, inclusive. */
  spanWordsMin: number;
  spanWordsMax: number;
}

export const SIZES: Record<SizeName, StudySpec> = {
  small: {
    groups: 8,
    wordsPerGroup: 3_000,
    codes: 40,
    codings: 2_000,
    speakersMin: 15,
    speakersMax: 20,
    spanWordsMin: 5,
    spanWordsMax: 80,
  },
  large: {
    groups: 200,
    wordsPerGroup: 25_000,
    codes: 500,
    codings: 100_000,
    speakersMin: 15,
    speakersMax: 20,
    spanWordsMin: 5,
    spanWordsMax: 80,
  },
};

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a small, fast, seedable PRNG with a 32-bit state. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a sub-stream (document n, the plan, ...), mixed so neighbouring streams differ. */
function subSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Rng = () => number;

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Sampling from fixed weights by binary search over their running sums. */
class Weighted {
  private readonly cumulative: Float64Array;
  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
  }
  index(rng: Rng): number {
    const c = this.cumulative;
    const x = rng() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: roughly in order of frequency, so a Zipf weighting by rank reads like speech.

const FUNCTION_WORDS = `the I and to a that it was you of we in like so it's they just but
  is know for on have be it’s with not there that's what do this think were at had if all
  because me really my one when then would don't about get more no can as or people them
  our us he she from out your things lot time even kind some how up going yeah
  actually those been did feel where much also maybe probably sometimes always never again
  still very other who which these something nothing everyone anyone somebody else quite
  bit sort mean said says say go went come came make made take took see saw look want
  wanted need needed tell told ask asked try tried let put keep kept back down over into`;

const SPEECH_WORDS = `shift shifts night nights patient patients department senior seniors
  registrar consultant team teams colleague colleagues nurse nurses resident residents
  handover debrief debriefing rota rotas break breaks coffee tired exhausted burnout support
  supported supportive talk talking listen listening chat group groups friend friends
  family home sleep week weekend month year training trainee trainees exam exams mistake
  mistakes error errors feedback learn learning hard difficult easy okay fine good bad
  awful great stress stressed stressful pressure busy quiet resus majors minors ambulance
  trolley corridor waiting wait hours hour minutes morning evening end start first last
  next whole half everybody honestly basically literally definitely obviously totally
  completely especially usually normally eventually suddenly finally afterwards before
  after during while until since though although anyway otherwise instead rather enough
  culture hierarchy boss bosses manager managers staff staffing sick leave cover covering
  swap swapped message messages WhatsApp phone pager bleep bleeped call called calling
  crying cried angry upset worried scared afraid safe unsafe alone lonely together shared
  share sharing felt feeling feelings emotion emotions emotional cope coping manage managed
  struggle struggling struggled honest open opened close closer trust trusted respect
  respected heard ignored blame blamed judged judging judgement fair unfair rules policy
  wellbeing mentor mentors mentoring coach supervisor supervision meeting meetings room
  space canteen locker car drive driving commute parking holiday holidays partner kids
  children parents money pay contract contracts career future plan plans leaving left
  stay stayed staying moved moving abroad Australia London city hospital hospitals ward
  wards clinic unit bay bed beds notes computer system systems protocol protocols guideline
  case cases death died dying resuscitation arrest code trauma paediatric child baby mother
  relatives news bad-news difficult-conversation conversation conversations story stories
  remember remembered forget forgot funny laugh laughed joke jokes humour dark gallows`;

/** Non-ASCII words, all NFC. One carries a combining mark that has no precomposed form (q̇). */
const WORLD_WORDS = `café naïve résumé déjà façade jalapeño Zürich São Paulo Müller Ørsted
  crème brûlée über coöperation señora niño Łódź Kraków Málaga Gdańsk Ελλάδα Москва 東京
  Nguyễn Siobhán Bjørn Zoë Chloé Renée touché fiancée protégé piñata Ångström smörgåsbord
  q̇uick São-Tomé`;

const FILLERS = ['um,', 'uh,', 'like,', 'you know,', 'I mean,', 'sort of', 'kind of', 'well,', 'yeah,', 'mm,'];

const EMOJI = ['😅', '👍', '🙏', '😂', '❤️', '🤷‍♀️', '💤', '🚑', '☕'];

const BACKCHANNELS = [
  'Yeah.', 'Mm-hm.', 'Right.', 'Exactly.', 'Yeah, exactly.', 'True.', 'Same.', 'Definitely.',
  'Oh God, yes.', 'No, totally.', 'Agreed.', '(laughter)', 'Mm.', 'Yes!', 'Really?', 'Hmm.',
  'That’s so true.', 'Me too.', '[crosstalk]', 'Absolutely.',
];

const words = (list: string) => list.split(/\s+/).filter(Boolean);

const VOCABULARY: string[] = (() => {
  const fw = words(FUNCTION_WORDS);
  const sw = words(SPEECH_WORDS);
  const ww = words(WORLD_WORDS);
  // World words sit among the mid-frequency content words: rare, but seen in every transcript.
  const out = [...fw, ...sw.slice(0, 120)];
  ww.forEach((w, i) => out.splice(fw.length + 60 + i * 9, 0, w));
  out.push(...sw.slice(120));
  for (const w of out) {
    if (w.normalize('NFC') !== w) throw new Error(`Vocabulary word "${w}" is not NFC.`);
    if (w.includes(':')) throw new Error(`Vocabulary word "${w}" has a colon (it could read as a speaker label).`);
  }
  return out;
})();

/** Zipf-like: the word at rank r is drawn with weight 1/(r + 2). */
const WORD_WEIGHTS = new Weighted(VOCABULARY.map((_, r) => 1 / (r + 2)));

export const VOCABULARY_SIZE = VOCABULARY.length;

// ---------------------------------------------------------------------------------------------
// Speakers

const NAMES = [
  'Amira', 'Ben', 'Chloé', 'Dev', 'Eilidh', 'Farah', 'Gus', 'Hana', 'Ifeoma', 'Jonas', 'Kasia',
  'Liam', 'Mei', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomás', 'Uma', 'Viktor',
  'Wren', 'Xin', 'Yusuf', 'Zoë', 'José', 'Björn', 'Siobhán', 'Łucja', 'Nguyễn An', 'Dr. Okafor',
  'Dr. O’Neil', 'Ana-María', 'Renée', 'Kofi', 'Aroha', 'Saoirse', 'Dmitri', 'Ngozi',
];

interface Speaker {
  label: string;
  moderator: boolean;
  /** How much they talk, relative to the others. */
  weight: number;
}

function speakersFor(rng: Rng, count: number, groupIndex: number): Speaker[] {
  const moderators = rng() < 0.5 ? 1 : 2;
  const out: Speaker[] = [{ label: 'Moderator', moderator: true, weight: 0.7 }];
  if (moderators === 2) out.push({ label: 'Co-Moderator', moderator: true, weight: 0.3 });
  const participants = count - moderators;
  // Some groups are labelled P1, P2, ..., others by first name (as transcription services do).
  if (groupIndex % 3 === 0) {
    for (let i = 1; i <= participants; i++) out.push({ label: `P${i}`, moderator: false, weight: 0.2 + rng() ** 2 * 2 });
  } else {
    const names = shuffle(rng, [...NAMES]).slice(0, participants);
    for (const n of names) out.push({ label: n, moderator: false, weight: 0.2 + rng() ** 2 * 2 });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transcripts

export interface GeneratedDocument {
  index: number;
  /** Absolute path of the file written. */
  file: string;
  /** The document name the importer gives it (file name without extension). */
  name: string;
  bytes: number;
  /** Length in UTF-16 code units. */
  length: number;
  words: number;
  /** Speakers who have at least one turn (what the importer finds). */
  speakers: number;
  /** Of those, moderators. */
  moderators: number;
  /** Turns the importer should find: the heading (no speaker) plus one per labelled turn. */
  turns: number;
}

/** Word boundaries of a transcript's spoken text: [start, end) of word i at 2i, 2i+1. */
type WordSpans = Int32Array;

class TextBuilder {
  private readonly parts: string[] = [];
  length = 0;
  private spans = new Int32Array(1 << 12);
  wordCount = 0;

  append(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  /** Appends a word and records where it lies; `after` (punctuation) is appended but not part of it. */
  word(w: string, after = ''): void {
    if (this.wordCount * 2 + 2 > this.spans.length) {
      const bigger = new Int32Array(this.spans.length * 2);
      bigger.set(this.spans);
      this.spans = bigger;
    }
    this.spans[this.wordCount * 2] = this.length;
    this.spans[this.wordCount * 2 + 1] = this.length + w.length;
    this.wordCount++;
    this.append(w + after);
  }

  text(): string {
    return this.parts.join('');
  }

  wordSpans(): WordSpans {
    return this.spans.slice(0, this.wordCount * 2);
  }
}

function timestamp(seconds: number): string {
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `[${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}]`;
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** One sentence of speech into `out`; returns the number of words written. */
function sentence(rng: Rng, out: TextBuilder, question: boolean): number {
  const length = int(rng, 3, 16);
  let written = 0;
  for (let i = 0; i < length; i++) {
    let w: string;
    const r = rng();
    if (r < 0.0015) w = pick(rng, EMOJI);
    else if (r < 0.07 && i < length - 1) w = pick(rng, FILLERS);
    else w = VOCABULARY[WORD_WEIGHTS.index(rng)]!;
    if (i === 0) w = capitalise(w);
    const last = i === length - 1;
    let after = ' ';
    if (last) {
      const e = rng();
      after = question ? '?' : e < 0.78 ? '.' : e < 0.88 ? '?' : e < 0.93 ? '…' : e < 0.97 ? '!' : ' —';
    } else if (!/,$/.test(w) && rng() < 0.07) after = ', ';
    // A filler of two words ("you know,") is two words: split it so spans start on either.
    const pieces = w.split(' ');
    pieces.forEach((p, k) => {
      const piece = p.replace(/,$/, '');
      const trailing = p.slice(piece.length);
      out.word(piece, k < pieces.length - 1 ? `${trailing} ` : trailing + after);
      written++;
    });
  }
  return written;
}

interface GeneratedTranscript {
  doc: GeneratedDocument;
  spans: WordSpans;
}

function writeTranscript(dir: string, spec: StudySpec, seed: number, index: number): GeneratedTranscript {
  const rng = mulberry32(subSeed(seed, 1, index));
  const number = index + 1;
  const speakers = speakersFor(rng, int(rng, spec.speakersMin, spec.speakersMax), index);
  const participants = speakers.filter((s) => !s.moderator);
  const moderators = speakers.filter((s) => s.moderator);
  const participantWeights = new Weighted(participants.map((s) => s.weight));
  const moderatorWeights = new Weighted(moderators.map((s) => s.weight));

  const out = new TextBuilder();
  const site = pick(rng, ['North', 'South', 'East', 'West', 'Central']);
  const day = 1 + (index % 28);
  out.append(
    `Focus group ${number} — synthetic transcript (seed ${seed})\n` +
      `Recorded at ${site} site, 2024-03-${String(day).padStart(2, '0')}. Verbatim transcription, speakers pseudonymised.\n\n`,
  );

  let seconds = 5 + rng() * 40;
  let turns = 0;
  let previous: Speaker | null = null;
  const spoke = new Set<Speaker>();
  while (out.wordCount < spec.wordsPerGroup) {
    let speaker: Speaker;
    if (turns === 0 || (previous && !previous.moderator && rng() < 0.22)) {
      speaker = moderators[moderatorWeights.index(rng)]!;
    } else {
      do speaker = participants[participantWeights.index(rng)]!;
      while (speaker === previous && participants.length > 1);
    }
    if (turns > 0) out.append('\n\n');
    out.append(`${timestamp(seconds)} ${speaker.label}: `);
    const before = out.wordCount;
    if (speaker.moderator) {
      const n = int(rng, 1, 3);
      for (let i = 0; i < n; i++) {
        if (i > 0) out.append(' ');
        sentence(rng, out, i === n - 1);
      }
    } else {
      const kind = rng();
      if (kind < 0.28) {
        // A backchannel: "Yeah." "(laughter)". Words inside are recorded like any others.
        const b = pick(rng, BACKCHANNELS);
        const pieces = b.split(' ');
        pieces.forEach((p, k) => {
          const m = /^(.*?)([.,!?)\]]*)$/u.exec(p)!;
          const core = m[1] || p;
          out.word(core, (m[1] ? m[2]! : '') + (k < pieces.length - 1 ? ' ' : ''));
        });
      } else {
        const target = kind < 0.8 ? int(rng, 10, 60) : int(rng, 80, 320);
        let written = 0;
        let first = true;
        while (written < target) {
          if (!first) {
            // Long turns break into paragraphs now and then (no label: the turn goes on).
            out.append(written > 60 && rng() < 0.12 ? '\n\n' : ' ');
          }
          written += sentence(rng, out, false);
          first = false;
        }
      }
    }
    const spoken = out.wordCount - before;
    seconds += spoken / (2.1 + rng() * 0.9) + rng() * 2.5;
    previous = speaker;
    spoke.add(speaker);
    turns++;
  }
  out.append('\n');

  const text = out.text();
  if (text.normalize('NFC') !== text) throw new Error(`Transcript ${number} is not NFC.`);
  const name = `focus-group-${String(number).padStart(3, '0')}`;
  const file = path.join(dir, `${name}.txt`);
  const bytes = Buffer.from(text, 'utf8');
  fs.writeFileSync(file, bytes);
  return {
    doc: {
      index,
      file,
      name,
      bytes: bytes.length,
      length: text.length,
      words: out.wordCount,
      speakers: spoke.size,
      moderators: [...spoke].filter((s) => s.moderator).length,
      turns: turns + 1,
    },
    spans: out.wordSpans(),
  };
}

// ---------------------------------------------------------------------------------------------
// Codebook

const CATEGORIES = [
  'Workload', 'Peer support', 'Supervision', 'Burnout', 'Patient safety', 'Night shifts',
  'Professional identity', 'Learning culture', 'Wellbeing', 'Team dynamics', 'Communication',
  'Hierarchy', 'Moral distress', 'Coping strategies', 'Family & home life', 'Career plans',
  'Feedback', 'Errors & mistakes', 'Resources', 'Rostering', 'Belonging', 'Recognition',
  'Trust', 'Humour', 'Grief & loss', 'Training', 'Technology', 'Migration', 'Gender', 'Conflict',
];
const MODIFIERS = [
  'Informal', 'Formal', 'Hidden', 'Shared', 'Unspoken', 'Peer-led', 'Senior-led', 'Early',
  'Chronic', 'Acute', 'Collective', 'Personal', 'Naïve', 'Café-style', 'Self-directed',
  'Structured', 'Ad hoc', 'Remote', 'Night-time', 'Post-shift', 'Über-', 'Everyday', 'Failed',
  'Protective', 'Reluctant', 'Performative',
];
const NOUNS = [
  'debriefing', 'venting', 'mentoring', 'role modelling', 'check-ins', 'humour', 'avoidance',
  'validation', 'rumination', 'boundary setting', 'handover', 'escalation', 'reassurance',
  'exhaustion', 'guilt', 'pride', 'isolation', 'solidarity', 'self-doubt', 'detachment',
  'gratitude', 'resentment', 'disclosure', 'help-seeking',
];

export interface CodeSpec {
  name: string;
  /** Index of the parent in the codes array, or null for a top-level code. */
  parent: number | null;
  definition: string;
  /** Set for a category that is a candidate theme: its central organising concept. */
  theme?: { centralConcept: string };
}

/** How many top-level categories are candidate themes (the rest are still plain categories). */
const THEMES = 5;

/** A two-level codebook: about one category per 20 codes, the rest spread below them. */
function codebook(rng: Rng, count: number): CodeSpec[] {
  const parents = Math.max(1, Math.min(count, Math.round(count / 20)));
  const out: CodeSpec[] = [];
  for (let i = 0; i < parents; i++) {
    const base = CATEGORIES[i % CATEGORIES.length]!;
    const name = i < CATEGORIES.length ? base : `${base} ${Math.floor(i / CATEGORIES.length) + 1}`;
    out.push({
      name,
      parent: null,
      definition: `Talk about ${name.toLowerCase()} in the department.`,
      ...(i < THEMES ? { theme: { centralConcept: `How ${name.toLowerCase()} shapes whether residents ask for support.` } } : {}),
    });
  }
  const combos = shuffle(
    rng,
    MODIFIERS.flatMap((m) => NOUNS.map((n) => (m.endsWith('-') ? `${m}${n}` : `${m} ${n}`))),
  );
  for (let i = parents; i < count; i++) {
    const combo = combos[(i - parents) % combos.length]!;
    const round = Math.floor((i - parents) / combos.length);
    const name = round === 0 ? combo : `${combo} (${round + 1})`;
    const parent = int(rng, 0, parents - 1);
    out.push({
      name,
      parent,
      definition: `Passages where participants describe ${name.toLowerCase()} in relation to ${out[parent]!.name.toLowerCase()}.`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The study

export interface PlannedCoding {
  /** Index into documents. */
  doc: number;
  start: number;
  end: number;
  /** Index into codes. */
  code: number;
}

export interface Study {
  dir: string;
  size: SizeName | 'custom';
  seed: number;
  spec: StudySpec;
  documents: GeneratedDocument[];
  codes: CodeSpec[];
  /** In the order a coder would apply them: document by document, front to back. */
  codings: PlannedCoding[];
  totalBytes: number;
  totalWords: number;
}

/**
 * Writes the transcripts of a study into `dir` (which must exist) and plans its codebook and
 * codings. Codings fall on documents in proportion to a per-document weight (some groups are
 * coded more densely) and on codes with a long-tailed popularity (weight 1/(rank + 5)), as a real
 * codebook has a few workhorse codes and many rare ones.
 */
export function generateStudy(
  dir: string,
  size: SizeName | StudySpec,
  seed = 1,
  onProgress?: (done: number, total: number) => void,
): Study {
  const spec = typeof size === 'string' ? SIZES[size] : size;
  const planRng = mulberry32(subSeed(seed, 2, 0));
  const codes = codebook(planRng, spec.codes);
  const codePopularity = shuffle(
    planRng,
    codes.map((_, i) => i),
  );
  const codeWeights = new Weighted(codePopularity.map((_, rank) => 1 / (rank + 5)));
  const docWeights = new Weighted(Array.from({ length: spec.groups }, () => 0.5 + planRng()));
  const perDoc = new Array<number>(spec.groups).fill(0);
  for (let i = 0; i < spec.codings; i++) perDoc[docWeights.index(planRng)]!++;

  const documents: GeneratedDocument[] = [];
  const codings: PlannedCoding[] = [];
  let totalBytes = 0;
  let totalWords = 0;
  for (let d = 0; d < spec.groups; d++) {
    const { doc, spans } = writeTranscript(dir, spec, seed, d);
    documents.push(doc);
    totalBytes += doc.bytes;
    totalWords += doc.words;
    const rng = mulberry32(subSeed(seed, 3, d));
    const wordsInDoc = spans.length / 2;
    const planned: PlannedCoding[] = [];
    // The same code on the same span twice is one coding to the core: draw again.
    const seen = new Set<string>();
    while (planned.length < perDoc[d]!) {
      const n = Math.min(int(rng, spec.spanWordsMin, spec.spanWordsMax), wordsInDoc);
      const first = int(rng, 0, wordsInDoc - n);
      const c = {
        doc: d,
        start: spans[first * 2]!,
        end: spans[(first + n - 1) * 2 + 1]!,
        code: codePopularity[codeWeights.index(rng)]!,
      };
      const key = `${c.start}:${c.end}:${c.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      planned.push(c);
    }
    planned.sort((a, b) => a.start - b.start || a.end - b.end);
    codings.push(...planned);
    onProgress?.(d + 1, spec.groups);
  }
  return {
    dir,
    size: typeof size === 'string' ? size : 'custom',
    seed,
    spec,
    documents,
    codes,
    codings,
    totalBytes,
    totalWords,
  };
}
