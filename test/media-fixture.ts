/**
 * A spoken test recording, made on the spot with espeak-ng (one WAV per sentence) and put together
 * here with known silences between the sentences, so a test knows to the millisecond when each
 * sentence (each turn of its transcript) starts and ends. ffmpeg encodes it to another format
 * when asked (WebM/Opus, MP3). Both are Debian packages; `.ci/run` installs them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SpokenRecording {
  file: string;
  /** Seconds: where each sentence starts and ends in the recording. */
  sentences: { text: string; start: number; end: number }[];
  duration: number;
}

interface Pcm {
  rate: number;
  channels: number;
  bits: number;
  data: Buffer;
}

function readWav(file: string): Pcm {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${file} is not a WAV file`);
  let at = 12;
  let fmt: Omit<Pcm, 'data'> | null = null;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const len = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    if (id === 'data' && fmt) return { ...fmt, data: buf.subarray(at + 8, Math.min(buf.length, at + 8 + len)) };
    at += 8 + len + (len % 2);
  }
  throw new Error(`${file} has no audio data`);
}

function wavBytes(p: Pcm): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = (p.channels * p.bits) / 8;
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + p.data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(p.channels, 22);
  header.writeUInt32LE(p.rate, 24);
  header.writeUInt32LE(p.rate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(p.bits, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(p.data.length, 40);
  return Buffer.concat([header, p.data]);
}

/**
 * Speaks `sentences` into `dir/name` (its extension picks the format: .wav as made, anything else
 * through ffmpeg), with `lead` seconds of silence before the first and `gap` between them.
 */
export function makeSpokenRecording(
  dir: string,
  name: string,
  sentences: readonly string[],
  options: { gap?: number; lead?: number } = {},
): SpokenRecording {
  const gap = options.gap ?? 0.6;
  const lead = options.lead ?? 0.3;
  const parts = sentences.map((text, i) => {
    const wav = path.join(dir, `.sentence-${i}.wav`);
    execFileSync('espeak-ng', ['-v', 'en', '-s', '165', '-w', wav, text], { stdio: 'ignore' });
    const pcm = readWav(wav);
    fs.rmSync(wav);
    return pcm;
  });
  const { rate, channels, bits } = parts[0]!;
  const bytesPerSecond = (rate * channels * bits) / 8;
  const blockAlign = (channels * bits) / 8;
  const silence = (seconds: number) => Buffer.alloc(Math.round(seconds * rate) * blockAlign);
  const chunks: Buffer[] = [silence(lead)];
  const out: SpokenRecording['sentences'] = [];
  let bytes = chunks[0]!.length;
  parts.forEach((p, i) => {
    if (i > 0) {
      const s = silence(gap);
      chunks.push(s);
      bytes += s.length;
    }
    out.push({ text: sentences[i]!, start: bytes / bytesPerSecond, end: (bytes + p.data.length) / bytesPerSecond });
    chunks.push(p.data);
    bytes += p.data.length;
  });
  const tail = silence(0.5);
  chunks.push(tail);
  bytes += tail.length;
  const wav = wavBytes({ rate, channels, bits, data: Buffer.concat(chunks) });
  const file = path.join(dir, name);
  if (path.extname(name).toLowerCase() === '.wav') fs.writeFileSync(file, wav);
  else {
    const tmp = path.join(dir, `.${name}.source.wav`);
    fs.writeFileSync(tmp, wav);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', tmp, file], { stdio: 'ignore' });
    fs.rmSync(tmp);
  }
  return { file, sentences: out, duration: bytes / bytesPerSecond };
}

/** Whether espeak-ng and ffmpeg are installed (the tests that need them say so when they are not). */
export function canSpeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
