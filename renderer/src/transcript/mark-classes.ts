/**
 * Highlight colours as shared CSS classes: one rule per combination of code colours. A long
 * transcript has thousands of marks but a few hundred combinations, and setting a class costs the
 * browser far less than parsing an inline style on every mark. New rules are collected and added
 * in one style element per batch of marks (`flushMarkClasses`): inserting them one by one
 * restyled the page each time. Adding a rule still makes the browser look over the whole
 * document, so a few marks painted after opening (a new coding) take an inline style instead when
 * their combination has no class yet (`markLook`).
 */
import { markStyle } from './format';

const classes = new Map<string, string>();
let pending: string[] = [];

/** How to paint a highlight of codings with `colors` (in order): a class, or an inline style. */
export type MarkLook = { className: string } | { style: string };

/** `createClass`: in a large batch (a document opening), a missing class is created. */
export function markLook(colors: readonly string[], createClass: boolean): MarkLook {
  const known = classes.get(colors.join(' '));
  if (known !== undefined) return { className: known };
  if (createClass) return { className: markClass(colors) };
  const style = markStyle(colors);
  return { style: `background:${style.background};box-shadow:${style.boxShadow}` };
}

/** The class painting a highlight of codings with `colors` (in order). */
function markClass(colors: readonly string[]): string {
  const key = colors.join(' ');
  let name = classes.get(key);
  if (name === undefined) {
    name = `coding-look-${classes.size}`;
    const style = markStyle(colors);
    pending.push(`.transcript mark.${name} { background: ${style.background}; box-shadow: ${style.boxShadow}; }`);
    classes.set(key, name);
  }
  return name;
}

/** Adds the rules of the classes handed out since the last call. */
export function flushMarkClasses(): void {
  if (pending.length === 0) return;
  const el = document.createElement('style');
  el.dataset.chorus = 'coding-colours';
  el.textContent = pending.join('\n');
  document.head.append(el);
  pending = [];
}
