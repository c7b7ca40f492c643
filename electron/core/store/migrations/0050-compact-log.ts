import type { Migration } from './index.js';

/**
 * The command log keeps changes, not copies (store/change-capture.ts): an insertion records the
 * row's id only, a bulk insertion its range of ids, an update the columns it changed. This
 * rewrites entries of the older form the same way:
 *
 * 1. Insertions of steps in effect drop their after-image: the row is in its table, and undo
 *    copies it into the log when it takes it out. Undone steps keep theirs (the row is gone).
 * 2. Bulk insertions of steps in effect keep the first and last id instead of every row.
 * 3. Updates keep only the columns whose value changed, before and after.
 *
 * A large study's log held a second copy of every transcript and a row image of every coding.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'compact-log',
  sql: `
UPDATE history_changes SET after = NULL
WHERE op = 'I' AND seq IN (SELECT seq FROM history WHERE state = 'done');

UPDATE history_changes
SET after = (SELECT json_object('first', min(j.value ->> 0), 'last', max(j.value ->> 0)) FROM json_each(after, '$.rows') j)
WHERE op = 'B' AND before IS NULL AND json_type(after, '$.rows') = 'array'
  AND seq IN (SELECT seq FROM history WHERE state = 'done');

UPDATE history_changes
SET before = (SELECT json_group_object(b.key, b.value) FROM json_each(before) b
              WHERE b.value IS NOT (SELECT a.value FROM json_each(after) a WHERE a.key = b.key)),
    after = (SELECT json_group_object(a.key, a.value) FROM json_each(after) a
             WHERE a.value IS NOT (SELECT b.value FROM json_each(before) b WHERE b.key = a.key))
WHERE op = 'U';
`,
};
