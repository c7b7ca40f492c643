/**
 * What a project's schema holds besides the store's tables, so that translated SQLite text means
 * the same in PostgreSQL (translate.ts). Everything lives in the project's own schema: dropping
 * the schema drops it, and two projects on different helper versions do not disturb each other.
 *
 * The functions are LANGUAGE sql and IMMUTABLE so that the planner inlines them: `code_id =
 * value` through the operator below becomes `code_id = value::bigint`, which uses the index on
 * code_id and can be hashed; `chorus_nocase(name)` becomes translate(...), which an expression
 * index on chorus_nocase(name) serves.
 */

/** Bumped when the SQL below changes: a schema with an older version gets it again on open. */
export const HELPERS_VERSION = 1;

/** The one-row table that stands for SQLite's file header: user_version and the helpers' version. */
export const ENGINE_TABLE = 'chorus_engine';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const HELPERS_SQL = `
CREATE TABLE IF NOT EXISTS ${ENGINE_TABLE} (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  user_version integer NOT NULL DEFAULT 0,
  helpers_version integer NOT NULL DEFAULT 0
);
INSERT INTO ${ENGINE_TABLE} (one) VALUES (true) ON CONFLICT DO NOTHING;

-- SQLite's json_each over an array: key is the index, value the element as text (a nested array
-- or object as its JSON text, JSON null as NULL). A NULL document has no elements, as in SQLite.
CREATE OR REPLACE FUNCTION chorus_json_each(doc text) RETURNS TABLE (key integer, value text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 100
  AS $$ SELECT (e.n - 1)::integer, e.v FROM jsonb_array_elements_text(doc::jsonb) WITH ORDINALITY AS e(v, n) $$;

-- json_each(doc, '$.path'): SQLite's paths ($.a.b, $.a[0]) are valid jsonpath.
CREATE OR REPLACE FUNCTION chorus_json_each(doc text, path text) RETURNS TABLE (key integer, value text)
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 100
  AS $$ SELECT (e.n - 1)::integer, e.v
        FROM jsonb_array_elements_text(jsonb_path_query_first(doc::jsonb, path::jsonpath)) WITH ORDINALITY AS e(v, n) $$;

-- SQLite's NOCASE: ASCII letters only are folded; the caller compares with COLLATE "C".
CREATE OR REPLACE FUNCTION chorus_nocase(s text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT translate(s, '${UPPER}', '${UPPER.toLowerCase()}') $$;

-- json_each's value is text; SQLite compares it with integer columns by value. These operators
-- let "integer = text" mean the same (the text read as a number), in either order.
CREATE OR REPLACE FUNCTION chorus_eq(integer, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 = $2::bigint $$;
CREATE OR REPLACE FUNCTION chorus_eq(bigint, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 = $2::bigint $$;
CREATE OR REPLACE FUNCTION chorus_eq(text, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1::bigint = $2 $$;
CREATE OR REPLACE FUNCTION chorus_eq(text, bigint) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1::bigint = $2 $$;
CREATE OR REPLACE FUNCTION chorus_ne(integer, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 <> $2::bigint $$;
CREATE OR REPLACE FUNCTION chorus_ne(bigint, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1 <> $2::bigint $$;
CREATE OR REPLACE FUNCTION chorus_ne(text, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1::bigint <> $2 $$;
CREATE OR REPLACE FUNCTION chorus_ne(text, bigint) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT $1::bigint <> $2 $$;
${['integer', 'bigint']
  .flatMap((int) => [
    [int, 'text'],
    ['text', int],
  ])
  .flatMap(([l, r]) => [
    `DROP OPERATOR IF EXISTS = (${l}, ${r});`,
    `CREATE OPERATOR = (LEFTARG = ${l}, RIGHTARG = ${r}, FUNCTION = chorus_eq);`,
    `DROP OPERATOR IF EXISTS <> (${l}, ${r});`,
    `CREATE OPERATOR <> (LEFTARG = ${l}, RIGHTARG = ${r}, FUNCTION = chorus_ne);`,
  ])
  .join('\n')}

UPDATE ${ENGINE_TABLE} SET helpers_version = ${HELPERS_VERSION};
`;
