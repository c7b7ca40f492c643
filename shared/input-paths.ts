/**
 * Which fields of the contract's inputs are paths on the computer running Chorus, and what the
 * core does with each: reads a file (`source`), writes one (`destination`), opens or creates a
 * project there (`project`), or links a recording that stays where it is (`recording`). The
 * contract marks them (api-kit's `sourcePath`, `destinationPath`, `projectPath`,
 * `recordingPath`), so a front door that must not let its caller name any file on disk (browser
 * mode) can find every one of them in an input without a list kept by hand.
 */
import { z } from 'zod';

export type PathKind = 'source' | 'destination' | 'project' | 'recording';

/** The contract's path fields, by the schema instance that validates them. */
export const pathFields = z.registry<{ pathKind: PathKind }>();

/**
 * Where a front door decides about one path field: returns the path the core should use, or
 * throws (a ChorusError) to refuse the whole call.
 */
export type PathPolicy = (path: string, kind: PathKind, field: readonly (string | number)[]) => string;

/** Schema types whose parsed value is the same shape as the one inside. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  out?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};

function walk(schema: z.ZodType, value: unknown, policy: PathPolicy, field: (string | number)[]): unknown {
  const marked = pathFields.get(schema);
  if (marked && typeof value === 'string') return policy(value, marked.pathKind, field);
  const def = schema._zod.def as unknown as AnyDef;
  if (WRAPPERS.has(def.type) && def.innerType) {
    return value === undefined || value === null ? value : walk(def.innerType, value, policy, field);
  }
  switch (def.type) {
    case 'object': {
      if (!value || typeof value !== 'object') return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (key in out) out[key] = walk(child, out[key], policy, [...field, key]);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v, i) => walk(def.element!, v, policy, [...field, i])) : value;
    case 'record':
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(def.valueType!, v, policy, [...field, k])]),
      );
    case 'union': {
      // The parsed value came from the first option that accepted it; that option says which of
      // its fields are paths.
      const option = def.options!.find((o) => o.safeParse(value).success);
      return option ? walk(option, value, policy, field) : value;
    }
    case 'intersection':
      return walk(def.right!, walk(def.left!, value, policy, field), policy, field);
    case 'pipe':
      return walk(def.out!, value, policy, field);
    case 'lazy':
      return walk(def.getter!(), value, policy, field);
    default:
      return value;
  }
}

/**
 * The parsed input of an operation with every path field passed through `policy` (which may
 * replace it, say by resolving it inside a folder, or refuse it by throwing). The input is not
 * changed in place.
 */
export function mapInputPaths<T>(schema: z.ZodType, parsed: T, policy: PathPolicy): T {
  return walk(schema, parsed, policy, []) as T;
}
