/**
 * What may be a speaker label, and what never is: the non-speech annotations transcribers write
 * (`[laughter]`, `[crosstalk]`, `(inaudible 00:12:01)`) stay in the text. Also the shapes a label
 * seen once is compared on (text.ts): an id (`Resident A`, `P1`: leading words or letters and a
 * one-letter or numeric id), a name or role (`Interviewer`, `Dr. Lee`), a personal name (`José`).
 */

const NON_SPEECH_WORDS = new Set(
  [
    'laughter', 'laughs', 'laughing', 'laugh', 'chuckles', 'chuckling', 'giggles', 'giggling', 'smiles',
    'crosstalk', 'cross-talk', 'cross talk', 'overtalk', 'overlapping', 'overlapping speech', 'overlap',
    'talking over', 'inaudible', 'unintelligible', 'indistinct', 'incomprehensible', 'unclear',
    'pause', 'pauses', 'long pause', 'short pause', 'silence', 'silent', 'sighs', 'sigh', 'sighing',
    'coughs', 'cough', 'coughing', 'clears throat', 'applause', 'clapping', 'music', 'noise',
    'background noise', 'background', 'static', 'beep', 'phone rings', 'phone', 'interruption',
    'interrupted', 'interrupts', 'break', 'recording', 'recording paused', 'recording resumed',
    'end of recording', 'end', 'redacted', 'name redacted', 'sic', 'audio', 'video', 'no audio',
    'technical difficulties', 'sound', 'door', 'knock', 'knocking', 'whispers', 'whispering',
    'nods', 'nodding', 'gestures', 'sniffs', 'cries', 'crying', 'yawns', 'groans', 'exhales', 'inhales',
    'transcript', 'transcription', 'note', 'notes', 'translation', 'translated', 'foreign', 'foreign language',
  ],
);

/** Field names of front matter (`Date: 12 May`, `SITE: B`): never a speaker, even in capitals. */
const FIELD_NAMES = new Set([
  'date', 'time', 'location', 'site', 'venue', 'place', 'title', 'subject', 'duration', 'length', 'file', 'filename',
  'transcriber', 'transcribed by', 'project', 'study', 'session', 'id', 're', 'keywords', 'summary', 'speakers',
  'participants', 'attendees', 'present', 'absent', 'agenda', 'topic', 'language', 'consent', 'source', 'version',
]);

function lowerCore(label: string): string {
  // `inaudible 00:12:01`, `pause 5s`, `laughs.` → the words alone.
  const words = label.slice(0, 120).toLowerCase().split(/[\s,;]+/u).filter(Boolean);
  while (words.length > 0 && /\d/u.test(words[words.length - 1]!)) words.pop();
  return words.join(' ').replace(/[.:!?]+$/u, '');
}

/** True for an annotation written as a label (`Laughter`, `Inaudible 00:12:01`). */
export function isNonSpeech(label: string): boolean {
  return NON_SPEECH_WORDS.has(lowerCore(label));
}

/** Stricter, for bracketed ids: `[laughs loudly]` and `[inaudible, 00:12]` are annotations too. */
export function isNonSpeechBracket(label: string): boolean {
  const core = lowerCore(label);
  if (NON_SPEECH_WORDS.has(core)) return true;
  const first = core.split(/[\s,;-]+/u)[0] ?? '';
  return NON_SPEECH_WORDS.has(first);
}

/** Labels that name a speaker even if they occur once. */
const TYPICAL_LABEL =
  /^(?:(?:moderator|co-?moderator|assistant moderator|facilitator|co-?facilitator|interviewer|interviewee|participant|respondent|speaker|observer|note-?taker|researcher|host|mod|int|p|r|m|i|s|f|q|a)(?:\s{0,3}\d{1,4}|\s{1,3}\p{L})?(?:\s{0,3}\([^()]{1,40}\))?|id\s{0,3}\d{1,4}|(?:dr|prof|mr|mrs|ms|mx)\.?\s{1,3}\S.{0,60})$/iu;
/**
 * A name in capitals (NAME, JOHN SMITH, ZOË). Kept apart from TYPICAL_LABEL because it must be
 * case-sensitive: under its `i` flag any capitalised prose ("For example: …") passed as a speaker.
 */
const CAPITALS_LABEL = /^\p{Lu}[\p{Lu}\p{M} .'’-]{1,60}$/u;

export function isTypicalLabel(label: string): boolean {
  return TYPICAL_LABEL.test(label) || CAPITALS_LABEL.test(label);
}

/**
 * Words that open prose or notes with a colon ("However: …", "Note: …", "Key Point: …", "Well,
 * Tomas 0:30"): a one-off label holding one is never taken for a name.
 */
const COMMON_WORDS = new Set([
  'a', 'about', 'abstract', 'actually', 'again', 'also', 'and', 'answer', 'anyway', 'as', 'aside', 'at',
  'background', 'basically', 'because', 'but', 'caveat', 'chapter', 'clarification', 'comment', 'comments',
  'conclusion', 'context', 'correction', 'definition', 'discussion', 'edit', 'example', 'feedback', 'figure',
  'finally', 'findings', 'fine', 'first', 'firstly', 'for', 'fyi', 'goal', 'good', 'great', 'he', 'hello', 'her',
  'hey', 'hi', 'his', 'honestly', 'however', 'i', 'idea', 'if', 'implications', 'important', 'in',
  'instructions', 'introduction', 'issue', 'it', 'key', 'lastly', 'limitations', 'listen', 'look', 'main',
  'method', 'methods', 'observation', 'observations', 'recommendation', 'recommendations',
  'my', 'nb', 'next', 'no', 'nope', 'note', 'now', 'objective', 'of', 'oh', 'ok', 'okay', 'on', 'or', 'our',
  'outcome', 'overall', 'part', 'please', 'point', 'points', 'problem', 'probe', 'prompt', 'ps', 'question',
  'questions', 'quote', 'reason', 'remember', 'reminder', 'reply', 'response', 'result', 'results', 'right',
  'second', 'secondly', 'section', 'see', 'she', 'so', 'solution', 'sorry', 'step', 'sure', 'task', 'thanks',
  'thank', 'that', 'the', 'their', 'theme', 'then', 'there', 'these', 'they', 'third', 'this', 'tip', 'to',
  'today', 'tomorrow', 'update', 'uh', 'um', 'wait', 'warning', 'we', 'well', 'what', 'when', 'where', 'who',
  'why', 'yeah', 'yes', 'yesterday', 'you', 'your',
]);

/** True when any word of the label is one that opens prose (see COMMON_WORDS). */
export function hasCommonWord(label: string): boolean {
  return label
    .toLowerCase()
    .split(/[\s,]+/u)
    .some((w) => COMMON_WORDS.has(w.replace(/[.’']+$/u, '')));
}

/** A label without a trailing parenthesis: `Moderator (Dr Kim)` → `Moderator`. */
function withoutAside(label: string): string {
  return label.replace(/\s*\([^()]*\)$/u, '');
}

/** `Resident A`, `Participant 3`, `P1`, `FG2`: leading words or letters, then a one-letter or numeric id. */
const ID_SHAPE = /^(?:(?<words>(?:[\p{L}\p{M}.'’-]{1,30} ){1,2})|(?<letters>\p{L}{1,6}))(?<id>\p{Lu}|\d{1,4})$/u;

/**
 * The shape of an id label, the same for labels that differ only in their id: `Resident A` and
 * `Resident C` give `resident ·A`, `P1` and `P12` give `p·9`. Null for a label that is no id.
 */
export function idShape(label: string): string | null {
  const m = ID_SHAPE.exec(withoutAside(label));
  if (!m) return null;
  const g = m.groups!;
  return `${(g.words ?? g.letters!).toLowerCase()}·${/\d/u.test(g.id!) ? '9' : 'A'}`;
}

/** Capitalised words in mixed case, without digits: `Maya`, `Dr. O’Neil`, `Ana-María`, `Interviewer`. */
const NAME_SHAPE = /^\p{Lu}[\p{L}\p{M}'’.-]{0,30}(?: \p{Lu}[\p{L}\p{M}'’.-]{0,30}){0,2}$/u;

/** A name or a role written as one (`Interviewer`, `Dr. Lee`, `Moderator (Dr Kim)`), up to three words. */
export function isNameOrRole(label: string): boolean {
  const core = withoutAside(label);
  return NAME_SHAPE.test(core) && /\p{Ll}/u.test(core) && idShape(core) === null;
}

/**
 * A personal name of one or two capitalised words (`José`, `Tomas Alvarez`): not all capitals, not
 * an id, and no word that opens prose ("However", "Note", "Key Point").
 */
export function isPersonalName(label: string): boolean {
  return label.split(' ').length <= 2 && isNameOrRole(label) && label === withoutAside(label) && !hasCommonWord(label);
}

const MAX_LABEL_WORDS = 6;

/** A label's shape: a few words, balanced parentheses, not a bare number, not an annotation. */
export function isPlausibleLabel(label: string, maxWords = MAX_LABEL_WORDS): boolean {
  if (label.length === 0 || label.length > 80) return false;
  if (label.split(/\s+/u).length > maxWords) return false;
  if (/^[\d\s.:,()-]+$/u.test(label)) return false;
  let depth = 0;
  for (const ch of label) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  if (depth !== 0) return false;
  return !isNonSpeech(label) && !FIELD_NAMES.has(label.toLowerCase());
}

/** A label as Chorus stores it: trimmed, runs of white space made one space. */
export function cleanLabel(label: string): string {
  return label.replace(/\s+/gu, ' ').trim();
}
