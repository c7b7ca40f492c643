/**
 * The rules for attribute values, in one place for the core (which enforces them) and the grid
 * (which flags a value while it is typed). Values are stored as text; a number is a decimal number
 * (a comma is read as the decimal point), a date is YYYY-MM-DD (the form that sorts and exchanges
 * without ambiguity). An empty value clears a cell.
 */
import type { AttributeType } from './types.js';

const NUMBER = /^-?(?:\d+|\d*\.\d+)(?:[eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isNumber(value: string): boolean {
  return NUMBER.test(value.replace(',', '.'));
}

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why a value does not fit the type, or null when it does. */
export function valueProblem(value: string, type: AttributeType): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (type === 'number' && !isNumber(v)) return `“${v}” is not a number.`;
  if (type === 'date' && !isDate(v)) return `“${v}” is not a date written YYYY-MM-DD.`;
  return null;
}

/** The value as stored: trimmed, a number with a decimal point. Call after valueProblem. */
export function canonicalValue(value: string, type: AttributeType): string {
  const v = value.trim();
  return type === 'number' ? v.replace(',', '.') : v;
}

/** The narrowest type all values fit: number, date, category (few distinct short values) or text. */
export function inferType(values: string[]): AttributeType {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return 'text';
  if (present.every(isNumber)) return 'number';
  if (present.every(isDate)) return 'date';
  const distinct = new Set(present).size;
  return distinct <= Math.max(12, present.length / 2) && present.every((v) => v.length <= 60) ? 'category' : 'text';
}
