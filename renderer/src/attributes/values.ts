/**
 * How the grid shows attribute values and flags the ones that will not fit their type while the
 * researcher types. The rules are the core's own (shared/attribute-values.ts): the core decides,
 * these checks only spare a round trip and mark the cell.
 */
import type { AttributeType } from '../../../shared/types';

export { valueProblem } from '../../../shared/attribute-values';

export const TYPE_LABEL: Record<AttributeType, string> = {
  text: 'Text',
  number: 'Number',
  category: 'Category',
  date: 'Date',
};

export const TYPE_HINT: Record<AttributeType, string> = {
  text: 'Any text, such as a note or an occupation',
  number: 'A number, such as age or years in training',
  category: 'One of a few values, such as site or group',
  date: 'A date, written YYYY-MM-DD',
};

export const TYPE_PLACEHOLDER: Record<AttributeType, string> = {
  text: '',
  number: '',
  category: '',
  date: 'YYYY-MM-DD',
};

/** The mobile/virtual keyboard a type wants; desktop browsers ignore it. */
export const TYPE_INPUT_MODE: Record<AttributeType, 'text' | 'decimal' | 'numeric'> = {
  text: 'text',
  number: 'decimal',
  category: 'text',
  date: 'numeric',
};
