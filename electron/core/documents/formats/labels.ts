/**
 * What may be a speaker label, and what never is: the non-speech annotations transcribers write
 * (`[laughter]`, `[crosstalk]`, `(inaudible 00:12:01)`) stay in the text.
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
