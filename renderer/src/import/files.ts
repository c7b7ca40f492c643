/** Files the researcher picked, as the contract's `bytes` sources (a browser cannot pass paths). */

/** Transcript formats offered in the file picker. */
export const TRANSCRIPT_ACCEPT = '.txt,.md,.docx,.vtt,.srt';

/** A file's bytes as base64. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export interface PickedFile {
  /** Stable within one import dialog: the key of the file's preview. */
  id: string;
  name: string;
  size: number;
  base64: string;
}

let nextId = 1;

export async function readPicked(files: readonly File[]): Promise<PickedFile[]> {
  return Promise.all(
    files.map(async (f) => ({ id: `file-${nextId++}`, name: f.name, size: f.size, base64: await fileToBase64(f) })),
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
