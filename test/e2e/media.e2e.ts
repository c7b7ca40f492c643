/**
 * A recording beside its transcript, in a real browser: a spoken recording made with espeak-ng
 * (test/media-fixture.ts) is linked from the project's folder through the panel, a click on a
 * turn's time plays it from there, and the highlighted turn follows the speech from turn to turn;
 * a turn without a time gets one with the I key while it plays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnv, dispatch, Session } from '../../electron/core/index.js';
import { serveProject } from '../../electron/server/start.js';
import type { MediaStatus } from '../../shared/media.js';
import type { DocumentDetail } from '../../shared/types.js';
import { canSpeak, makeSpokenRecording, type SpokenRecording } from '../media-fixture.js';
import { useE2e } from './harness.js';

const SENTENCES = [
  'Welcome, everyone. Let us start with introductions.',
  'I am a second year resident, and I work nights.',
  'Third year here, and I have been on days.',
  'What helps you after a hard shift?',
];
const SPEAKERS = ['Moderator', 'P1', 'P2', 'Moderator'];

const clock = (s: number) => `00:00:${String(Math.floor(s)).padStart(2, '0')}`;

let recording: SpokenRecording;
let doc: string;

const SPEAKS = canSpeak();

const e2e = useE2e('chorus-e2e-media-', async (dir) => {
  // Without espeak-ng and ffmpeg the tests below skip; the server still starts, on a plain transcript.
  if (SPEAKS) recording = makeSpokenRecording(dir, 'Focus group 5.wav', SENTENCES, { gap: 0.8 });
  // The first three turns carry the times a transcription service wrote (whole seconds, at or
  // just before each sentence); the last has none: it is given one by hand while it plays.
  const text = SPEAKS
    ? recording.sentences.map((s, i) => (i < 3 ? `[${clock(s.start)}] ${SPEAKERS[i]}: ${s.text}` : `${SPEAKERS[i]}: ${s.text}`)).join('\n\n')
    : SENTENCES.map((s, i) => `${SPEAKERS[i]}: ${s}`).join('\n\n');
  const file = path.join(dir, 'Recordings study.chorus');
  const session = new Session(createEnv({ user: { guid: '33333333-3333-4333-8333-333333333333', name: 'Researcher' } }));
  try {
    const steps = [
      await dispatch(session, 'project.create', { path: file, title: 'Recordings study' }),
      await dispatch(session, 'documents.import', {
        sources: [{ kind: 'bytes', name: 'Focus group 5.txt', base64: Buffer.from(text, 'utf8').toString('base64') }],
      }),
    ];
    for (const r of steps) if (!r.ok) throw new Error(r.error.message);
    const imported = steps[1]!;
    doc = (imported.ok && (imported.value as { files: { document: { guid: string } }[] }).files[0]!.document.guid) || '';
  } finally {
    session.close();
  }
  return serveProject({ project: file, dataDir: dir });
});
const api = e2e.api;

/** The index of the turn the page marks as being spoken, or null. */
const playingTurn = () => e2e.b.page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="turn"][data-playing="true"]')?.dataset.index ?? null);
const audioTime = () => e2e.b.page.evaluate(() => document.querySelector<HTMLMediaElement>('[data-testid="media-element"]')!.currentTime);

describe.skipIf(!SPEAKS)('a recording played beside its transcript', () => {
  it('is linked from the project folder, plays from a clicked time, and the highlighted turn follows it', async () => {
    const { page } = e2e.b;
    await page.goto(e2e.server.url);
    await page.getByTestId('document-item').filter({ hasText: 'Focus group 5' }).click();
    await page.locator('[data-testid="transcript"] [data-testid="turn"]').first().waitFor();

    // Link it: the panel offers the recordings in the project's folder.
    await e2e.b.screenshot('media-none.png');
    await page.getByTestId('media-link-button').click();
    await page.getByTestId('media-candidate').filter({ hasText: 'Focus group 5.wav' }).click();
    await page.getByTestId('media-element').waitFor();
    const status = await api<MediaStatus>('media.get', { document: doc });
    expect(status).toMatchObject({ state: 'found', media: { name: 'Focus group 5.wav', kind: 'audio' } });
    expect(fs.realpathSync(status.media!.path)).toBe(fs.realpathSync(recording.file));

    // A click on the first turn's time plays from there; the first turn is highlighted.
    const times = page.getByTestId('turn-time');
    await expect.poll(() => times.count()).toBe(3);
    await times.first().click();
    await page.waitForFunction(() => !document.querySelector<HTMLMediaElement>('[data-testid="media-element"]')!.paused);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-playing="true"]')?.dataset.index === '0');

    // As the speech goes on, the highlight moves to the next turns, in step with the audio.
    for (const i of [1, 2]) {
      await page.waitForFunction((i) => document.querySelector<HTMLElement>('[data-playing="true"]')?.dataset.index === String(i), i, { timeout: 20_000 });
      const at = await audioTime();
      expect(at).toBeGreaterThanOrEqual(Math.floor(recording.sentences[i]!.start));
      expect(at).toBeLessThan(recording.sentences[i]!.end + 1);
    }
    expect(await page.locator('[data-playing="true"]').count()).toBe(1);
    await page.screenshot({ path: '/tmp/media.png' });

    // The last turn has no time: move to it (J) and press I as it is spoken.
    for (let k = 0; k < 4; k++) await page.keyboard.press('j');
    await page.waitForFunction((start) => document.querySelector<HTMLMediaElement>('[data-testid="media-element"]')!.currentTime >= start, recording.sentences[3]!.start, { timeout: 20_000 });
    await page.keyboard.press('i');
    await expect
      .poll(async () => (await api<DocumentDetail>('documents.get', { document: doc })).turns[3]!.timeStart, { timeout: 10_000 })
      .not.toBeNull();
    const set = (await api<DocumentDetail>('documents.get', { document: doc })).turns[3]!.timeStart!;
    expect(set).toBeGreaterThanOrEqual(recording.sentences[3]!.start - 0.05);
    expect(set).toBeLessThan(recording.sentences[3]!.end + 1);
    // Its header shows the time now, and it is the turn being spoken.
    await expect.poll(() => times.count()).toBe(4);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-playing="true"]')?.dataset.index === '3');
    expect(await playingTurn()).toBe('3');

    // P pauses; S changes the speed; B goes back five seconds.
    await page.keyboard.press('p');
    await page.waitForFunction(() => document.querySelector<HTMLMediaElement>('[data-testid="media-element"]')!.paused);
    await page.keyboard.press('s');
    await expect.poll(() => page.getByTestId('media-rate').textContent()).toContain('1.25×');
    const before = await audioTime();
    await page.keyboard.press('b');
    await expect.poll(audioTime).toBeCloseTo(Math.max(0, before - 5), 1);

    // The time set by hand is one undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => times.count()).toBe(3);
    await e2e.b.screenshot('media-after-undo.png');
  }, 90_000);

  it('asks for a moved recording again', async () => {
    const { page } = e2e.b;
    const moved = path.join(e2e.dir, 'moved', 'Focus group 5.wav');
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.renameSync(recording.file, moved);
    await page.reload();
    await page.getByTestId('document-item').filter({ hasText: 'Focus group 5' }).click();
    await expect.poll(() => page.getByTestId('media-message').textContent()).toContain('is no longer at');
    await e2e.b.screenshot('media-moved.png');
    await page.getByTestId('media-candidate').filter({ hasText: 'Focus group 5.wav' }).click();
    await page.getByTestId('media-element').waitFor();
    expect((await api<MediaStatus>('media.get', { document: doc })).state).toBe('found');
  });
});
