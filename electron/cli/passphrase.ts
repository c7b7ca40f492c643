/**
 * Passphrases on the command line: never as an argument (it would stay in the shell's history and
 * show in `ps`), but from an environment variable, or asked for on the terminal without echo.
 * Prompts go to stderr, so that `chorus info P --json > out.json` still writes only JSON.
 */
import { ErrorCode } from '../../shared/errors.js';

/** The passphrase of the project a command opens (and of a file `server import` reads). */
export const PASSPHRASE_ENV = 'CHORUS_PASSPHRASE';
/** The new passphrase of `chorus passphrase` and `chorus new --encrypt` when not asked for. */
export const NEW_PASSPHRASE_ENV = 'CHORUS_NEW_PASSPHRASE';
/** The passphrase of a co-coder's copy that `chorus merge` reads, when it is not the project's own. */
export const OTHER_PASSPHRASE_ENV = 'CHORUS_OTHER_PASSPHRASE';

function fromEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Asks on the terminal with echo off; Ctrl+C leaves as a shell expects (exit 130). */
export function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let text = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}

const errorCode = (e: unknown): unknown => (e as { code?: unknown }).code;

/**
 * Runs `attempt` with the passphrase from `envName` (or none). When the file turns out to need one
 * that was not given, asks for it on a terminal and tries once more; without a terminal, says which
 * variable to set. A wrong passphrase is reported as it is: no retry loop for scripts to spin in.
 */
export async function withPassphrase<T>(what: string, envName: string, attempt: (passphrase: string | undefined) => Promise<T>): Promise<T> {
  const given = fromEnv(envName);
  try {
    return await attempt(given);
  } catch (e) {
    if (errorCode(e) !== ErrorCode.PASSPHRASE_REQUIRED || given !== undefined) throw e;
    if (!process.stdin.isTTY) {
      throw Object.assign(new Error(`${(e as Error).message} Set ${envName}, or run chorus in a terminal to be asked for it.`), {
        code: ErrorCode.PASSPHRASE_REQUIRED,
      });
    }
    return attempt(await askHidden(`Passphrase for ${what}: `));
  }
}

/**
 * A new passphrase: from `NEW_PASSPHRASE_ENV` (else `fallbackEnv`, for `new --encrypt`), or typed
 * twice on a terminal, since a typo would lock the researcher out of their own project for good.
 */
export async function newPassphrase(fallbackEnv?: string): Promise<string> {
  const given = fromEnv(NEW_PASSPHRASE_ENV) ?? (fallbackEnv ? fromEnv(fallbackEnv) : undefined);
  if (given !== undefined) return given;
  if (!process.stdin.isTTY) {
    throw new Error(`Set ${NEW_PASSPHRASE_ENV} to the new passphrase, or run chorus in a terminal to be asked for it.`);
  }
  process.stderr.write('A lost passphrase cannot be recovered: without it, nobody can open the project, not even Chorus.\n');
  const first = await askHidden('New passphrase (at least 8 characters): ');
  const again = await askHidden('The same passphrase again: ');
  if (first !== again) throw new Error('The two passphrases differ; nothing was changed.');
  return first;
}
