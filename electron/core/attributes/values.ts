import { canonicalValue, valueProblem } from '../../../shared/attribute-values.js';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import type { AttributeType } from '../../../shared/types.js';

export { inferType } from '../../../shared/attribute-values.js';

/** The value as stored; throws INVALID_INPUT naming the attribute when it does not fit the type. */
export function normalizeValue(value: string, type: AttributeType, attribute: string): string {
  const problem = valueProblem(value, type);
  if (problem) throw new ChorusError(ErrorCode.INVALID_INPUT, `${attribute}: ${problem}`);
  return canonicalValue(value, type);
}
