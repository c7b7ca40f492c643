/**
 * `privacy.propose`: names that are not on the list yet, for the researcher to accept with one
 * click. Suggestions, not decisions: nothing is pseudonymised until the researcher accepts it.
 *
 * - Speakers: a label that is a personal name (every word capitalised, no digits), not a role or
 *   an id ("Moderator", "Interviewer", "P3", "Speaker 2", "Resident A"). A label with a title
 *   ("Dr. Maria Lopez") is proposed as written and without the title, and a name of several
 *   words whole and word by word, since people are called "Maria" as often as "Maria Lopez". The pseudonym is the participant's label when the speaker
 *   is mapped to one that is not their name, else "Participant N" (moderators: "Moderator N").
 * - Text: runs of capitalised words that recur where no sentence starts, are not common English
 *   words (natural's stop words, days, months) and are never written in lower case in the
 *   transcripts ("Will" is a word if "will" occurs). Cue words make a run an organisation
 *   ("Hospital", "Clinic", "Medical Center") or a place ("Street", "St.", "County").
 */
import { words as englishStopWords } from 'natural/lib/natural/util/stopwords.js';
import { NameMatcher } from '../../../shared/disclose.js';
import type { PseudonymCategory, PseudonymProposal } from '../../../shared/privacy.js';
import type { Project } from '../project.js';
import { listDocuments } from '../store/documents.js';
import { listParticipants } from '../store/participants.js';
import * as store from '../store/privacy.js';
import { nameKey } from './service.js';

const TITLE = /^(?:dr|prof|professor|mr|mrs|ms|miss|mx|sr|sister|nurse|rev)\.?\s+/iu;
const ROLE_WORDS =
  'moderator|co-?moderator|facilitator|co-?facilitator|interviewer|interviewee|observer|note-?taker|scribe|researcher|speaker|participant|respondent|unknown|unidentified|inaudible|all|several|group|multiple|everyone|crosstalk|voice|audience|male|female|man|woman|resident|nurse|student|doctor|physician|clinician|person|attendee|member|host|guest|translator|interpreter';
/** Labels that name a role or an id, not a person. */
const ROLE_LABEL = new RegExp(`^(?:${ROLE_WORDS}|[a-z])\\b`, 'iu');
/** A role word on its own in the text ("Facilitator: Dr. Okafor" in a heading). */
const ROLE_WORD = new RegExp(`^(?:${ROLE_WORDS})s?$`, 'iu');
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'’.-]*$/u;

const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december christmas easter'.split(
    ' ',
  ),
);
const ORGANISATION_CUE =
  /\b(?:hospital|clinic|infirmary|medical|center|centre|university|college|school|institute|trust|health|ward|unit|foundation|department|memorial|practice|surgery|general|company|inc|ltd)\b/iu;
const PLACE_CUE = /(?:^|\s)(?:st\.|saint|street|road|avenue|lane|city|county|park|village|town|lake|river|hill|valley|heights|north|south|east|west|mount|mt\.)(?=\s|$)/iu;

const CAPITALISED_WORD = String.raw`\p{Lu}(?:[\p{Ll}\p{M}]+|['’]\p{Lu}[\p{Ll}\p{M}]+)(?:-\p{Lu}?[\p{Ll}\p{M}]+)*`;
/** A run of capitalised words ("Maria Lopez", "St. Mary's Hospital", "General"). */
const CAPITALISED_RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}\p{M}'’-])(?:(?:St|Mt)\.\s)?${CAPITALISED_WORD}(?:['’]s)?(?:[ \t]+(?:of[ \t]+)?${CAPITALISED_WORD}(?:['’]s)?)*`,
  'gu',
);

function categoryOf(name: string): PseudonymCategory {
  if (ORGANISATION_CUE.test(name)) return 'organisation';
  if (PLACE_CUE.test(name)) return 'place';
  return 'person';
}

/** Whether `text[at]` opens a sentence, a line or a turn (so its capital says nothing). */
function opensSentence(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[ \t"“‘'(—–-]/u.test(text[i]!)) i--;
  return i < 0 || /[.!?:;…\n\]]/u.test(text[i]!);
}

function labelName(label: string): string | null {
  const name = label.replace(TITLE, '').trim();
  if (!name || /\d/u.test(name) || ROLE_LABEL.test(name)) return null;
  const words = name.split(/[\s,]+/u).filter(Boolean);
  return words.length > 0 && words.length <= 4 && words.every((w) => NAME_WORD.test(w)) ? name : null;
}

interface Draft {
  realName: string;
  pseudonym: string;
  category: PseudonymCategory;
  source: 'speaker' | 'text';
}

export function proposePseudonyms(project: Project): PseudonymProposal[] {
  const { db } = project;
  const listed = store.listPseudonyms(db);
  const taken = new Set(listed.map((p) => nameKey(p.realName)));
  const usedPseudonyms = new Set([...listed.map((p) => nameKey(p.pseudonym)), ...listParticipants(db).map((p) => nameKey(p.label))]);
  const drafts = new Map<string, Draft>();
  const add = (d: Draft) => {
    const key = nameKey(d.realName);
    if (!taken.has(key) && !drafts.has(key)) drafts.set(key, d);
  };
  const counters = new Map<string, number>();
  const numbered = (base: string) => {
    let n = counters.get(base) ?? 0;
    let candidate: string;
    do candidate = `${base} ${++n}`;
    while (usedPseudonyms.has(nameKey(candidate)));
    counters.set(base, n);
    usedPseudonyms.add(nameKey(candidate));
    return candidate;
  };
  const lettered = (base: string) => {
    let n = counters.get(base) ?? 0;
    let candidate: string;
    do {
      candidate = `[${base} ${String.fromCharCode(65 + (n % 26))}${n >= 26 ? Math.floor(n / 26) : ''}]`;
      n++;
    } while (usedPseudonyms.has(nameKey(candidate)));
    counters.set(base, n);
    usedPseudonyms.add(nameKey(candidate));
    return candidate;
  };

  // Speakers first: their labels are the surest names, and their pseudonyms the most natural.
  const bySpeaker = new Map<string, string>();
  for (const s of store.speakerNames(db)) {
    const name = labelName(s.label);
    if (!name) continue;
    const key = nameKey(name);
    if (taken.has(key)) continue;
    let pseudonym = bySpeaker.get(key);
    if (!pseudonym) {
      const own = s.participant;
      const ownIsPseudonym = own !== null && !new NameMatcher([{ realName: name, pseudonym: '' }]).matches(own).length;
      const words = name.split(/[\s,]+/u).filter(Boolean);
      const sharesWord = own !== null && words.some((w) => new NameMatcher([{ realName: w, pseudonym: '' }]).matches(own).length > 0);
      pseudonym = ownIsPseudonym && !sharesWord ? own : numbered(s.role === 'moderator' ? 'Moderator' : s.role === 'observer' ? 'Observer' : 'Participant');
      bySpeaker.set(key, pseudonym);
    }
    // "Dr. Okafor" as written too, so it becomes "Moderator 1" rather than "Dr. Moderator 1".
    const written = s.label.trim().replace(/\s+/gu, ' ');
    if (nameKey(written) !== key) add({ realName: written, pseudonym, category: 'person', source: 'speaker' });
    add({ realName: name, pseudonym, category: 'person', source: 'speaker' });
    const words = name.split(/[\s,]+/u).filter((w) => w.replace(/[.'’-]/gu, '').length >= 2);
    if (words.length > 1) for (const w of words) add({ realName: w, pseudonym, category: 'person', source: 'speaker' });
  }

  // Then capitalised words in the text.
  const documents = listDocuments(db);
  const texts = documents.map((d) => project.textOf(d.guid)!);
  const lowerWords = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu)) lowerWords.add(m[0]);
  const stop = new Set(englishStopWords);
  const common = (w: string) => {
    const lower = w.toLocaleLowerCase().replace(/['’]s$/u, '');
    return stop.has(lower) || CALENDAR.has(lower) || lowerWords.has(lower) || ROLE_WORD.test(lower);
  };
  const evidence = new Map<string, { name: string; count: number }>();
  for (const text of texts) {
    for (const m of text.matchAll(CAPITALISED_RUN)) {
      let words = m[0].split(/[ \t]+/u);
      let at = m.index;
      if (opensSentence(text, m.index)) {
        // The first word's capital may be the sentence's: drop it unless the run is a name on its own.
        at += words[0]!.length + 1;
        words = words.slice(1);
      }
      while (words.length && common(words[0]!)) words = words.slice(1);
      while (words.length && common(words[words.length - 1]!) && !/^(?:St|Mt)\.$/u.test(words[words.length - 1]!)) words = words.slice(0, -1);
      if (words.length === 0 || at < 0) continue;
      const name = words.join(' ').replace(/['’]s$/u, '');
      if (words.every((w) => common(w))) continue;
      const key = nameKey(name);
      const e = evidence.get(key) ?? { name, count: 0 };
      e.count++;
      evidence.set(key, e);
    }
  }
  const textDrafts = [...evidence.values()]
    .map((e) => ({ ...e, category: categoryOf(e.name) }))
    .filter((e) => e.count >= 2 || (e.category !== 'person' && e.count >= 1))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  for (const e of textDrafts) {
    if (drafts.has(nameKey(e.name)) || taken.has(nameKey(e.name))) continue;
    const base =
      e.category === 'organisation'
        ? /hospital|infirmary|medical/iu.test(e.name)
          ? 'Hospital'
          : /clinic|practice|surgery/iu.test(e.name)
            ? 'Clinic'
            : /university|college|school|institute/iu.test(e.name)
              ? 'University'
              : 'Organisation'
        : e.category === 'place'
          ? 'Place'
          : 'Name';
    add({ realName: e.name, pseudonym: lettered(base), category: e.category, source: 'text' });
  }

  // The list's rule, so that "Accept all" cannot fail: no real name may be, or be inside, a
  // pseudonym (a capitalised "Moderator" in the text beside a suggested "Moderator 1").
  const pseudonyms = [...listed.map((p) => p.pseudonym), ...[...drafts.values()].map((d) => d.pseudonym)];
  for (const [key, d] of drafts) {
    const inside = new NameMatcher([{ realName: d.realName, pseudonym: '' }]);
    if (pseudonyms.some((p) => inside.matches(p).length > 0)) drafts.delete(key);
  }

  // How often and where each occurs, counted as an export would find it.
  const list = [...drafts.values()];
  const stats = list.map(() => ({ count: 0, documents: [] as string[], example: '' }));
  // One matcher for all, as an export finds them: "Maria Lopez" counts once, not also as "Maria".
  const matcher = new NameMatcher(list.map((d, k) => ({ realName: d.realName, pseudonym: String(k) })));
  texts.forEach((text, i) => {
    for (const f of matcher.matches(text)) {
      const s = stats[Number(f.replacement)]!;
      s.count++;
      if (s.documents[s.documents.length - 1] !== documents[i]!.name) s.documents.push(documents[i]!.name);
      if (!s.example) {
        const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, f.start - 40)) + 1);
        const to = text.indexOf(' ', Math.min(text.length, f.end + 40));
        s.example = text.slice(from, to < 0 ? text.length : to).replace(/\s+/gu, ' ').trim();
      }
    }
  });
  return list
    .map((d, k) => ({ ...d, ...stats[k]! }))
    .filter((p) => p.source === 'speaker' || p.count > 0)
    .slice(0, 500);
}
