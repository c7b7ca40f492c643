/**
 * Values across the boundary, as better-sqlite3 gives and takes them: libpq's text protocol
 * carries every parameter and every result as a string, so this is where numbers, buffers and
 * PostgreSQL's extra types (booleans, int8, numeric) become what a SQLite connection would return.
 */
import type { ParamSlot } from './translate.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A parameter value as libpq's text format wants it; null for SQL NULL. */
export function toParam(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      // libpq takes C strings: a NUL would silently cut the value short.
      if (value.includes('\u0000')) throw new RangeError('PostgreSQL text cannot hold the NUL character (U+0000)');
      return value;
    case 'number':
      // SQLite stores NaN as NULL; infinities are real values for float columns.
      if (Number.isNaN(value)) return null;
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return String(value);
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) throw new RangeError('The bound string, buffer, or bigint is too big');
      return value.toString();
    case 'boolean':
      // SQLite has no booleans: it stores them as 1 and 0, and so does an integer column here.
      return value ? '1' : '0';
    case 'undefined':
      // better-sqlite3 binds undefined as NULL.
      return null;
    case 'object':
      if (value === null) return null;
      if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
  throw new TypeError('The PostgreSQL engine can only bind numbers, strings, bigints, booleans, buffers, and null');
}

function isNamedBag(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The values of $1..$n from a call's arguments, with better-sqlite3's rules: positional values
 * as arguments or arrays (spread), named ones from one plain object whose keys have no prefix.
 */
export function bindParams(slots: readonly ParamSlot[], positional: number, args: readonly unknown[]): (string | null)[] {
  const values: unknown[] = [];
  let bag: Record<string, unknown> | undefined;
  for (const arg of args) {
    if (Array.isArray(arg)) values.push(...(arg as unknown[]));
    else if (isNamedBag(arg)) {
      if (bag) throw new TypeError('You cannot specify named parameters in two different objects');
      bag = arg;
    } else values.push(arg);
  }
  if (values.length < positional) throw new RangeError('Too few parameter values were provided');
  if (values.length > positional) throw new RangeError('Too many parameter values were provided');
  return slots.map((slot) => {
    if (slot.kind === 'positional') return toParam(values[slot.index]);
    if (!bag || !Object.prototype.hasOwnProperty.call(bag, slot.name)) throw new RangeError(`Missing named parameter "${slot.name}"`);
    return toParam(bag[slot.name]);
  });
}

/** PostgreSQL type OIDs (pg_type.oid) that need more than "keep the string". */
const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  float4: 700,
  float8: 701,
  numeric: 1700,
} as const;

export type Parser = (text: string) => unknown;

const asString: Parser = (s) => s;
const asNumber: Parser = (s) => Number(s);
const asBool: Parser = (s) => (s === 't' ? 1 : 0);
const asBuffer: Parser = (s) => Buffer.from(s.slice(2), 'hex');

/**
 * How a column of this type is read. Integers and numerics become numbers (int8 beyond 2^53 loses
 * precision, as better-sqlite3's default does); booleans 1/0; bytea a Buffer; everything else
 * (text, json, timestamps, uuid) its text, as SQLite would hold it.
 */
export function parserFor(oid: number): Parser {
  switch (oid) {
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
    case OID.float4:
    case OID.float8:
    case OID.numeric:
      return asNumber;
    case OID.bool:
      return asBool;
    case OID.bytea:
      return asBuffer;
    default:
      return asString;
  }
}
