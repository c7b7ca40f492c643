import { describe, expect, it } from 'vitest';
import { findTextTurns } from '../../electron/core/documents/formats/text.js';
import type { TurnsOf } from '../../electron/core/documents/formats/types.js';

const said = (text: string, p: TurnsOf) => p.turns.map((t) => [t.speaker, text.slice(t.start, t.end), t.timeStart] as const);

describe('plain text: label conventions, each recognised when it occurs once', () => {
  it.each([
    ['Moderator (Dr Kim): Welcome.', 'Moderator (Dr Kim)', 'Welcome.', null],
    ['Participant 3: Yes.', 'Participant 3', 'Yes.', null],
    ['Speaker A: Yes.', 'Speaker A', 'Yes.', null],
    ['[00:01:23] Maya: Hello.', 'Maya', 'Hello.', 83],
    ['[00:01:23 - 00:01:30] Maya: Hello.', 'Maya', 'Hello.', 83],
    ['(00:01:23) Maya: Hello.', 'Maya', 'Hello.', 83],
    ['00:01:23 Maya: Hello.', 'Maya', 'Hello.', 83],
    ['Maya [00:01:23]: Hello.', 'Maya', 'Hello.', 83],
    ['Speaker 2 (01:02:03): Hello.', 'Speaker 2', 'Hello.', 3723],
    ['Speaker 2 (01:02:03):\nHello.', 'Speaker 2', 'Hello.', 3723],
    ['Maya: (1:02) Hello.', 'Maya', 'Hello.', 62],
    ['**Maya:** Hello.', 'Maya', 'Hello.', null],
    ['**Maya**: Hello.', 'Maya', 'Hello.', null],
    ['__Maya:__ Hello.', 'Maya', 'Hello.', null],
    ['**[00:00:05] Maya:** Hello.', 'Maya', 'Hello.', 5],
    ['[P3] Hello.', 'P3', 'Hello.', null],
    ['[id1]: Hello.', 'id1', 'Hello.', null],
    ['[00:00:07] [P3] Hello.', 'P3', 'Hello.', 7],
    ['[00:00:07]\nMaya: Hello.', 'Maya', 'Hello.', 7],
  ])('%j', (text, label, speech, time) => {
    const p = findTextTurns(text);
    expect(p.speakers).toEqual([label]);
    expect(said(text, p)).toEqual([[label, speech, time]]);
  });

  it('takes Otter speaker lines (name, two spaces, time) with the text on the next lines', () => {
    const text = 'Speaker 1  0:03\nHello.\n\nJane Doe  1:02:03\nHi.\nStill me.\n\nSpeaker 1  1:05:00\nBye.';
    expect(said(text, findTextTurns(text))).toEqual([
      ['Speaker 1', 'Hello.', 3],
      ['Jane Doe', 'Hi.\nStill me.', 3723],
      ['Speaker 1', 'Bye.', 3900],
    ]);
  });

  it('in an Otter transcript, does not take a line of speech ending in a clock time for a speaker line', () => {
    const text = 'Speaker 1  0:03\nWhen do we start?\n\nSpeaker 2  0:10\nwe start at 10:30\nI think.\n\nwe meet at 10:30\n\nSpeaker 1  0:20\nOk.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Speaker 1', 'Speaker 2']);
    expect(said(text, p)[1]).toEqual(['Speaker 2', 'we start at 10:30\nI think.\n\nwe meet at 10:30', 10]);
  });

  it('does not take a one-off "word time" line for a speaker line', () => {
    const text = 'Moderator: We start at\n\nBreakfast 7:30\n\nMaya: ok\nMaya: fine';
    expect(findTextTurns(text).speakers).toEqual(['Moderator', 'Maya']);
  });
});

describe('plain text: what never becomes a speaker', () => {
  it.each(['[laughter]', '[crosstalk]', '[pause]', '[laughs]', '[inaudible]', '[Laughter]', '[INAUDIBLE]', '[laughs loudly]', '[inaudible 00:12:01]', '[Crosstalk 00:12:01]'])(
    '%s at the start of paragraphs, however often, stays in the text',
    (annotation) => {
      const text = `Moderator: Go on.\n\n${annotation} yes, right.\n\n${annotation}\n\nP1: So.\n\n${annotation} again`;
      const p = findTextTurns(text);
      expect(p.speakers).toEqual(['Moderator', 'P1']);
      expect(said(text, p)).toEqual([
        ['Moderator', `Go on.\n\n${annotation} yes, right.\n\n${annotation}`, null],
        ['P1', `So.\n\n${annotation} again`, null],
      ]);
    },
  );

  it('keeps (inaudible 00:12:01) and Laughter: in the text', () => {
    const text = 'P1: I was saying\n(inaudible 00:12:01) and then\nLaughter: all round\nLaughter: again';
    expect(said(text, findTextTurns(text))).toEqual([
      ['P1', 'I was saying\n(inaudible 00:12:01) and then\nLaughter: all round\nLaughter: again', null],
    ]);
  });

  it('does not take a bracketed timestamp for a speaker', () => {
    const text = '[00:01:23] So we began.\n\n[00:02:00] Then it rained.\n\n[00:03:00]\n\nAnd stopped.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual([]);
    // Paragraphs without speakers keep their timestamps as times, outside the spans.
    expect(said(text, p)).toEqual([
      [null, 'So we began.', 83],
      [null, 'Then it rained.', 120],
      [null, 'And stopped.', 180],
    ]);
  });

  it('does not take lowercase words or numbers in brackets for speakers', () => {
    const text = '[yes] I agree\n\n[yes] again\n\n[1] footnote\n\n[1] footnote';
    expect(findTextTurns(text).speakers).toEqual([]);
  });

  it('does not take front-matter fields for speakers, even in capitals', () => {
    const text = 'DATE: 12 May\nSITE: B\nID: 4711\nParticipants: 6\n\nModerator: Welcome.\nP1: Hi.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Moderator', 'P1']);
    expect(said(text, p)[0]).toEqual([null, 'DATE: 12 May\nSITE: B\nID: 4711\nParticipants: 6', null]);
  });

  it('does not take clock times or sentences with colons for labels', () => {
    const text = 'Moderator: When?\nP1: At 10:30: right after handover.\nThe plan: nobody knew it.\nModerator: Ok.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Moderator', 'P1']);
    expect(p.turns).toHaveLength(3);
  });
});

describe('plain text: structure', () => {
  it('keeps front matter as speakerless paragraphs', () => {
    const text = 'Focus group 1\nSite A\n\nConsent recorded.\n\nModerator: Welcome.';
    expect(said(text, findTextTurns(text))).toEqual([
      [null, 'Focus group 1\nSite A', null],
      [null, 'Consent recorded.', null],
      ['Moderator', 'Welcome.', null],
    ]);
  });

  it('Markdown: a heading ends a turn; YAML front matter is never a turn', () => {
    const text = '---\nmoderator: Kim\n---\n\nModerator: Hi.\n\nP1: Yo.\n\n## Part 2\n\nModerator: Next.';
    const p = findTextTurns(text, { markdown: true });
    expect(said(text, p)).toEqual([
      [null, '---\nmoderator: Kim\n---', null],
      ['Moderator', 'Hi.', null],
      ['P1', 'Yo.', null],
      [null, '## Part 2', null],
      ['Moderator', 'Next.', null],
    ]);
    // In plain text `#` lines are ordinary text and the YAML label is a turn.
    expect(findTextTurns(text).turns.map((t) => t.speaker)).toEqual([null, 'moderator', 'Moderator', 'P1', 'Moderator']);
  });

  it('gives each turn the next turn’s start as its end time', () => {
    const text = '[00:00:01] A: x\n[00:00:05] B: y\nA: z\n[00:00:09] B: w';
    expect(findTextTurns(text).turns.map((t) => [t.timeStart, t.timeEnd])).toEqual([
      [1, 5],
      [5, null],
      [null, null],
      [9, null],
    ]);
  });

  it('without speaker detection gives every paragraph as a speakerless turn, labels included', () => {
    const text = 'Moderator: Hi.\nP1: Yo.\n\n[00:00:02] P1: More.';
    expect(said(text, findTextTurns(text, { detectSpeakers: false }))).toEqual([
      [null, 'Moderator: Hi.\nP1: Yo.', null],
      [null, '[00:00:02] P1: More.', null],
    ]);
  });

  it('stays linear on hostile lines (long runs that a backtracking pattern would choke on)', () => {
    const lines = [
      `A${' '.repeat(200_000)}`,
      `${'a '.repeat(100_000)}:`,
      `[${'1:'.repeat(50_000)}`,
      `**${'*'.repeat(100_000)}`,
      `${'['.repeat(100_000)}x]`,
      `Speaker${'\t'.repeat(100_000)}0:03`,
      `${' \n'.repeat(100_000)}`,
      `${'(('.repeat(50_000)}`,
    ];
    for (const line of lines) {
      const text = `Moderator: hi\n${line}\nP1: ok`;
      const p = findTextTurns(text);
      expect(p.speakers).toEqual(['Moderator', 'P1']);
    }
  });
});

describe('plain text: a label seen once that has the shape of the others', () => {
  it('takes Resident C beside Resident A and Resident B (the same leading word and a one-letter id)', () => {
    const text = [
      'Resident A: Nights are the worst.',
      'Resident B: Not for me.',
      'Resident A: Really?',
      'Resident C: I only joined last month, but nights are fine.',
      'Resident B: See?',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Resident A', 'Resident B', 'Resident C']);
    expect(said(text, p)[3]).toEqual(['Resident C', 'I only joined last month, but nights are fine.', null]);
    expect(p.candidates).toEqual([]);
  });

  it('takes Participant 12 beside Participant 1 and 2, and FG3 beside FG1 and FG2', () => {
    const text = 'Participant 1: a\n\nParticipant 2: b\n\nParticipant 1: c\n\nParticipant 12: d\n\nParticipant 2: e';
    expect(findTextTurns(text).speakers).toEqual(['Participant 1', 'Participant 2', 'Participant 12']);
    const ids = 'FG1: a\n\nFG2: b\n\nFG1: c\n\nFG3: d\n\nFG2: e';
    expect(findTextTurns(ids).speakers).toEqual(['FG1', 'FG2', 'FG3']);
  });

  it('takes José and Renée, each seen once, beside an Interviewer seen twice', () => {
    const text = 'Interviewer: How was the first week?\n\nJosé: Long.\n\nInterviewer: And for you?\n\nRenée: Longer, honestly.\nBut good.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Interviewer', 'José', 'Renée']);
    expect(said(text, p)).toEqual([
      ['Interviewer', 'How was the first week?', null],
      ['José', 'Long.', null],
      ['Interviewer', 'And for you?', null],
      ['Renée', 'Longer, honestly.\nBut good.', null],
    ]);
  });

  it('keeps "For example:" opening a paragraph in a P1/P2 interview in the turn, and lists it as a possible speaker', () => {
    const text = [
      'P1: We never get a break.',
      'P2: It depends on the ward.',
      'For example: on surgery the seniors cover lunch.',
      'P1: Not on ours.',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['P1', 'P2']);
    expect(said(text, p)[1]).toEqual(['P2', 'It depends on the ward.\n\nFor example: on surgery the seniors cover lunch.', null]);
    expect(p.candidates).toEqual([{ label: 'For example', count: 1, firstLine: 'For example: on surgery the seniors cover lunch.' }]);
  });

  it('does not take a name seen once where the labels are ids (P1, P2), but lists it', () => {
    const text = 'Moderator: Go on.\n\nP1: Yes.\n\nP2: No.\n\nMaria: I am the ward manager.\n\nP1: Hi Maria.\n\nP2: Hi.';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Moderator', 'P1', 'P2']);
    expect(said(text, p)[2]).toEqual(['P2', 'No.\n\nMaria: I am the ward manager.', null]);
    expect(p.candidates).toEqual([{ label: 'Maria', count: 1, firstLine: 'Maria: I am the ward manager.' }]);
  });

  it('does not take prose words, an id of another shape, or a label in the middle of a turn', () => {
    const text = [
      'Interviewer: Tell me more.',
      'Maya: Sure.',
      'However: the rota changed.',
      'Key Point: nobody asked.',
      'Interviewer: Go on.',
      'Maya: Well.\nTomas: that was me.',
      'Question 3: what next?',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Interviewer', 'Maya']);
    expect(p.candidates!.map((c) => c.label)).toEqual(['However', 'Key Point', 'Question 3']);
  });

  it('does not take a one-off name where most paragraphs do not open with a label', () => {
    const text = [
      'Interviewer: Tell me about the night.',
      'It was long.',
      'Then the alarm went.',
      'We ran.',
      'Nobody slept.',
      'Interviewer: And then?',
      'Sam: I arrived.',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Interviewer']);
    expect(p.candidates!.map((c) => c.label)).toEqual(['Sam']);
  });

  it('in a transcript written one turn per line, takes a one-off name opening a line as it does one opening a paragraph', () => {
    const text = 'Dr. Lee: Welcome back.\nMaya: Hi again.\nStranger: Hello?\nThe plan: none.\nStranger: Anyone?';
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Dr. Lee', 'Maya', 'Stranger']);
    expect(said(text, p)[2]).toEqual(['Stranger', 'Hello?\nThe plan: none.', null]);
    expect(p.candidates).toEqual([]);
  });

  it('takes Resident C, and José and Renée, in transcripts written one turn per line', () => {
    const residents = 'Resident A: Nights are the worst.\nResident B: Not for me.\nResident A: Really?\nResident C: I only joined last month.\nResident B: See?';
    const p = findTextTurns(residents);
    expect(p.speakers).toEqual(['Resident A', 'Resident B', 'Resident C']);
    expect(said(residents, p)[3]).toEqual(['Resident C', 'I only joined last month.', null]);
    expect(p.candidates).toEqual([]);
    const names = 'Interviewer: How was the first week?\nJosé: Long.\nInterviewer: And for you?\nRenée: Longer, honestly.';
    expect(findTextTurns(names).speakers).toEqual(['Interviewer', 'José', 'Renée']);
    // Two speakers, one of them once: the one seen twice sets the pattern.
    expect(findTextTurns('Ana: Peers supported me.\nBo: Night shifts were hard.\nAna: They were.\n').speakers).toEqual(['Ana', 'Bo']);
  });

  it('in a transcript written one turn per line, lists but does not take a one-off where most lines do not open with a label', () => {
    const text = [
      'Interviewer: Tell me about the night.',
      'Interviewer: It was long, I know.',
      'The alarm went at four and',
      'we ran to the bay, and then',
      'nobody slept until the morning,',
      'which is how it always goes.',
      'Sam: I arrived.',
    ].join('\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Interviewer']);
    expect(p.candidates!.map((c) => c.label)).toEqual(['Sam']);
  });

  it('takes the labels the researcher accepted (extraLabels) wherever they open a line', () => {
    const text = 'Moderator: Go on.\nP1: Yes.\nMaria: I manage the ward.\nP1: Hi.\n\nFor example: this.';
    const p = findTextTurns(text, { extraLabels: ['Maria', ' For  example '] });
    expect(p.speakers).toEqual(['Moderator', 'P1', 'Maria', 'For example']);
    expect(said(text, p)).toEqual([
      ['Moderator', 'Go on.', null],
      ['P1', 'Yes.', null],
      ['Maria', 'I manage the ward.', null],
      ['P1', 'Hi.', null],
      ['For example', 'this.', null],
    ]);
    expect(p.candidates).toEqual([]);
    // A label that is not in the text changes nothing.
    expect(findTextTurns(text, { extraLabels: ['Nobody'] }).speakers).toEqual(['Moderator', 'P1']);
  });
});

describe('plain text: Microsoft Teams speaker lines ("Last, First" and a time above the turn)', () => {
  it('takes the name as written and the time as the turn’s start', () => {
    const text = [
      'Alvarez, Tomas   0:00\nGood morning, everyone.',
      'Kim, Lee   0:07\nMorning.',
      'Alvarez, Tomas   1:02:03\nWe met at 10:30 as planned.',
      'de la Cruz, Ana (Guest)   1:03:00\nOne thing from me.',
      'Kim, Lee   1:04:10\nThanks.',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Alvarez, Tomas', 'Kim, Lee', 'de la Cruz, Ana (Guest)']);
    expect(said(text, p)).toEqual([
      ['Alvarez, Tomas', 'Good morning, everyone.', 0],
      ['Kim, Lee', 'Morning.', 7],
      ['Alvarez, Tomas', 'We met at 10:30 as planned.', 3723],
      ['de la Cruz, Ana (Guest)', 'One thing from me.', 3780],
      ['Kim, Lee', 'Thanks.', 3850],
    ]);
    expect(p.turns.map((t) => t.timeEnd)).toEqual([7, 3723, 3780, 3850, null]);
  });

  it('does not take a line of speech with a comma and a clock time for a speaker line', () => {
    const text = [
      'Alvarez, Tomas   0:00\nWhen did you meet?',
      'Kim, Lee   0:07\nLet me think.',
      'Yes, we met at 10:30',
      'Well, Tomas 10:30',
      'Alvarez, Tomas   0:20\nOk.',
    ].join('\n\n');
    const p = findTextTurns(text);
    expect(p.speakers).toEqual(['Alvarez, Tomas', 'Kim, Lee']);
    expect(said(text, p)[1]).toEqual(['Kim, Lee', 'Let me think.\n\nYes, we met at 10:30\n\nWell, Tomas 10:30', 7]);
  });
});
