/**
 * The query language of `analysis.query`: a small recursive-descent parser from text to a tree,
 * with positions, so a mistake is reported where it is. Resolving names to codes is not its job
 * (see retrieve.ts); this module is pure.
 *
 *   query   := or
 *   or      := and ( OR and )*
 *   and     := near ( ( AND | NOT ) near )*
 *   near    := primary ( NEAR/N primary )*
 *   primary := '(' or ')' | name
 *   name    := '"' chars '"' | word+          (bare words next to each other make one name)
 *
 * Operators are case-insensitive. NOT is binary ("A NOT B": A where B is not), as in QDA tools;
 * a query cannot start with it.
 */

export type QueryNode =
  | { kind: 'code'; name: string; quoted: boolean; at: number }
  | { kind: 'and' | 'or' | 'not'; left: QueryNode; right: QueryNode }
  | { kind: 'near'; distance: number; left: QueryNode; right: QueryNode };

/** A syntax error at a 0-based character position of a code query or a search (fts-query.ts). */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'quoted'; text: string; at: number }
  | { type: 'and' | 'or' | 'not' | '(' | ')'; at: number }
  | { type: 'near'; distance: number; at: number }
  | { type: 'end'; at: number };

/** The largest NEAR distance, in turns: more is "anywhere in the group". */
export const MAX_NEAR = 1_000;

const NEAR = /^near\/(\d+)$/i;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ type: ch, at: i });
      i++;
      continue;
    }
    if (ch === '"' || ch === '“' || ch === '”') {
      const close = findClosingQuote(text, i + 1);
      if (close < 0) throw new QuerySyntaxError(`The quote at character ${i + 1} is never closed.`, i);
      const name = text.slice(i + 1, close).trim().replace(/\s+/g, ' ');
      if (name === '') throw new QuerySyntaxError(`Empty quotes at character ${i + 1}: put a code name between them.`, i);
      out.push({ type: 'quoted', text: name, at: i });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()"“”]/.test(text[j]!)) j++;
    const word = text.slice(i, j);
    const lower = word.toLowerCase();
    const near = NEAR.exec(word);
    if (lower === 'and' || lower === 'or' || lower === 'not') out.push({ type: lower, at: i });
    else if (near) {
      const distance = Number(near[1]);
      if (distance > MAX_NEAR) {
        throw new QuerySyntaxError(`NEAR/${near[1]} at character ${i + 1}: the distance can be at most ${MAX_NEAR} turns.`, i);
      }
      out.push({ type: 'near', distance, at: i });
    } else if (/^near(\/.*)?$/i.test(word)) {
      throw new QuerySyntaxError(`"${word}" at character ${i + 1}: write NEAR/N with a number of turns, e.g. NEAR/2.`, i);
    } else out.push({ type: 'word', text: word, at: i });
    i = j;
  }
  out.push({ type: 'end', at: text.length });
  return out;
}

function findClosingQuote(text: string, from: number): number {
  for (let k = from; k < text.length; k++) if (text[k] === '"' || text[k] === '”' || text[k] === '“') return k;
  return -1;
}

const OPERATOR_NAMES: Record<string, string> = { and: 'AND', or: 'OR', not: 'NOT', near: 'NEAR', ')': '")"' };

function describe(t: Token): string {
  if (t.type === 'end') return 'the end of the query';
  if (t.type === 'word' || t.type === 'quoted') return `"${t.text}"`;
  if (t.type === '(') return '"("';
  return OPERATOR_NAMES[t.type]!;
}

/** Parses a query; throws QuerySyntaxError with the position of the first problem. */
export function parseQuery(text: string): QueryNode {
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k]!;
  const next = () => tokens[k++]!;

  const parseOr = (): QueryNode => {
    let left = parseAnd();
    while (peek().type === 'or') {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };

  const parseAnd = (): QueryNode => {
    let left = parseNear();
    for (let t = peek(); t.type === 'and' || t.type === 'not'; t = peek()) {
      next();
      left = { kind: t.type, left, right: parseNear() };
    }
    return left;
  };

  const parseNear = (): QueryNode => {
    let left = parsePrimary();
    for (let t = peek(); t.type === 'near'; t = peek()) {
      next();
      left = { kind: 'near', distance: t.distance, left, right: parsePrimary() };
    }
    return left;
  };

  const parsePrimary = (): QueryNode => {
    const t = next();
    if (t.type === '(') {
      const inner = parseOr();
      const close = next();
      if (close.type !== ')') {
        throw new QuerySyntaxError(
          `The bracket at character ${t.at + 1} is never closed (found ${describe(close)} at character ${close.at + 1}).`,
          close.at,
        );
      }
      return inner;
    }
    if (t.type === 'quoted') return { kind: 'code', name: t.text, quoted: true, at: t.at };
    if (t.type === 'word') {
      const words = [t.text];
      for (let w = peek(); w.type === 'word'; w = peek()) words.push((next() as { text: string }).text);
      return { kind: 'code', name: words.join(' '), quoted: false, at: t.at };
    }
    if (t.type === 'end') {
      throw new QuerySyntaxError(
        k === 1 ? 'The query is empty: name a code.' : `The query ends too early at character ${t.at + 1}: a code name is missing.`,
        t.at,
      );
    }
    throw new QuerySyntaxError(`Expected a code name at character ${t.at + 1}, found ${describe(t)}.`, t.at);
  };

  const tree = parseOr();
  const rest = peek();
  if (rest.type !== 'end') {
    const hint = rest.type === ')' ? ' (a closing bracket without an opening one)' : ' (join codes with AND, OR, NOT or NEAR/N)';
    throw new QuerySyntaxError(`Unexpected ${describe(rest)} at character ${rest.at + 1}${hint}.`, rest.at);
  }
  return tree;
}

/**
 * The tree back as text: operators in capitals, every name quoted (as `nameOf` gives it, e.g. the
 * code's own spelling), brackets only where needed.
 */
export function formatQuery(node: QueryNode, nameOf: (node: QueryNode & { kind: 'code' }) => string = (n) => n.name): string {
  const rank = (n: QueryNode) => (n.kind === 'or' ? 1 : n.kind === 'and' || n.kind === 'not' ? 2 : n.kind === 'near' ? 3 : 4);
  const wrap = (n: QueryNode, min: number) => (rank(n) < min ? `(${formatQuery(n, nameOf)})` : formatQuery(n, nameOf));
  switch (node.kind) {
    case 'code':
      return `"${nameOf(node)}"`;
    case 'near':
      return `${wrap(node.left, 3)} NEAR/${node.distance} ${wrap(node.right, 4)}`;
    default: {
      const r = rank(node);
      // Left-associative: the right side needs brackets at the same rank.
      return `${wrap(node.left, r)} ${node.kind.toUpperCase()} ${wrap(node.right, r + 1)}`;
    }
  }
}

/** The names a query uses, in order of appearance, each with where it first occurs. */
export function queryNames(node: QueryNode): { name: string; at: number }[] {
  if (node.kind === 'code') return [{ name: node.name, at: node.at }];
  return [...queryNames(node.left), ...queryNames(node.right)];
}
