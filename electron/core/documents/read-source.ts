import fs from 'node:fs';
import path from 'node:path';
import type { ImportSource } from '../../../shared/api.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';

/**
 * Reads the bytes of a file to import, from a path or an upload, refusing anything over the
 * import limit before reading it whole. `blocking` reads in one call instead of through the thread
 * pool: for the parser thread, which has nothing else to do meanwhile.
 */
export async function readSource(
  source: ImportSource,
  maxBytes: number,
  blocking = false,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  if (source.kind === 'bytes') {
    const bytes = Buffer.from(source.base64, 'base64');
    if (bytes.length > maxBytes) throw tooLarge(source.name, bytes.length, maxBytes);
    return { bytes, fileName: source.name };
  }
  const fileName = path.basename(source.path);
  let size: number;
  try {
    const stat = blocking ? fs.statSync(source.path) : await fs.promises.stat(source.path);
    if (!stat.isFile()) throw new ChorusError(ErrorCode.INVALID_INPUT, `${source.path} is not a file.`);
    size = stat.size;
  } catch (e) {
    if (e instanceof ChorusError) throw e;
    throw new ChorusError(ErrorCode.NOT_FOUND, `${source.path} could not be read: it does not exist or is not readable.`);
  }
  if (size > maxBytes) throw tooLarge(fileName, size, maxBytes);
  return { bytes: blocking ? fs.readFileSync(source.path) : await fs.promises.readFile(source.path), fileName };
}

function tooLarge(name: string, size: number, max: number): ChorusError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new ChorusError(ErrorCode.TOO_LARGE, `${name} is ${mb(size)}; the import limit is ${mb(max)}.`);
}

