import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { AttributeType } from '../../../shared/types.js';

/**
 * How attribute values are written and checked. Values are stored as text; a number is a decimal
 * number, a date is YYYY-MM-DD (the form that sorts and exchanges without ambiguity).
 */
const NUMBER = /^-?(?:\d+|\d*\.\d+)(?:[eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Trims a value and checks it fits the type; throws INVALID_INPUT naming the attribute otherwise. */
export function normalizeValue(value: string, type: AttributeType, attribute: string): string {
  const v = value.trim();
  if (type === 'number' && !NUMBER.test(v.replace(',', '.'))) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `"${value}" is not a number (attribute "${attribute}").`);
  }
  if (type === 'number') return v.replace(',', '.');
  if (type === 'date' && !isDate(v)) {
    throw new ChorusError(ErrorCode.INVALID_INPUT, `"${value}" is not a date written YYYY-MM-DD (attribute "${attribute}").`);
  }
  return v;
}

/** The narrowest type all values fit: number, date, category (few distinct values) or text. */
export function inferType(values: string[]): AttributeType {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return 'text';
  if (present.every((v) => NUMBER.test(v.replace(',', '.')))) return 'number';
  if (present.every(isDate)) return 'date';
  const distinct = new Set(present).size;
  return distinct <= Math.max(12, present.length / 2) && present.every((v) => v.length <= 60) ? 'category' : 'text';
}
