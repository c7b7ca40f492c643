/**
 * The boolean query over codes and themes: a text field checked as one types (the problem shown
 * under the character it is at), buttons that insert operators, and a code picker that inserts
 * names, joined with AND when they follow a name.
 */
import { useMemo, useRef, useState } from 'react';
import type { QueryCheck } from '../../../../shared/analysis-find';
import type { Code } from '../../../../shared/types';
import { useDismiss } from '../../components/dismiss';
import { codeTree, rankCodes } from '../../codes/code-tree';
import { insertIntoQuery, queryName } from './find-format';

const OPERATORS = ['AND', 'OR', 'NOT', 'NEAR/1', '(', ')'] as const;

const OPERATOR_TIPS: Record<(typeof OPERATORS)[number], string> = {
  AND: 'Both in the same turn',
  OR: 'Either',
  NOT: 'The left side in turns without the right side',
  'NEAR/1': 'Within one turn of each other (change the number for more)',
  '(': 'Group',
  ')': 'End a group',
};

function CodePicker({ codes, onPick }: { codes: readonly Code[]; onPick: (code: Code) => void }) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const ref = useDismiss(open, setOpen);
  const rows = useMemo(() => codeTree(codes), [codes]);
  const shown = useMemo(() => rankCodes(rows, filter), [rows, filter]);
  return (
    <div className="code-picker" ref={ref}>
      <button type="button" className="button button--small" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="query-insert-code">
        Insert code ▾
      </button>
      {open ? (
        <div className="code-picker-menu" role="dialog" aria-label="Insert a code or theme">
          <input
            type="text"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter codes and themes…"
            aria-label="Filter codes and themes"
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Enter' && shown[0]) {
                e.preventDefault();
                onPick(shown[0].code);
                setOpen(false);
                setFilter('');
              }
            }}
            data-testid="query-code-filter"
          />
          <ul role="listbox">
            {shown.map((r) => (
              <li key={r.code.guid} role="option" aria-selected={false}>
                <button
                  type="button"
                  className="code-picker-option"
                  style={{ paddingLeft: filter ? 8 : 8 + r.depth * 14 }}
                  onClick={() => {
                    onPick(r.code);
                    setOpen(false);
                    setFilter('');
                  }}
                  data-testid="query-code-option"
                >
                  <span className="swatch" style={{ backgroundColor: r.code.color }} aria-hidden="true" />
                  <span className="code-picker-name">{r.code.name}</span>
                  {r.code.kind === 'theme' ? <span className="code-picker-kind">theme</span> : null}
                </button>
              </li>
            ))}
            {shown.length === 0 ? <li className="muted code-picker-empty">No code or theme has this in its name.</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function QueryBox({
  value,
  onChange,
  check,
  codes,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The check of the text as it stood a moment ago; null while none has been made. */
  check: { codes: string; result: QueryCheck } | null;
  codes: readonly Code[];
}) {
  const field = useRef<HTMLInputElement>(null);
  const insert = (piece: string, kind: 'name' | 'operator') => {
    const el = field.current;
    const caret = el && document.activeElement === el ? (el.selectionStart ?? value.length) : value.length;
    const next = insertIntoQuery(value, caret, piece, kind);
    onChange(next.text);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  // The check is shown only for the text it was made of; a stale one would point at the wrong place.
  const current = check && check.codes === value ? check.result : null;
  const invalid = current !== null && !current.valid && value.trim() !== '';
  return (
    <div className="query-box">
      <div className="query-field-row">
        <input
          ref={field}
          type="text"
          className="find-query-input query-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder='e.g. "Licensing fears" AND "Hierarchy and assessment"'
          aria-label="Query over codes and themes"
          aria-invalid={invalid}
          aria-describedby="query-feedback"
          spellCheck={false}
          autoComplete="off"
          data-testid="query-input"
        />
        <CodePicker codes={codes} onPick={(c) => insert(queryName(c.name, c.guid), 'name')} />
      </div>
      <div className="query-operators" role="group" aria-label="Insert an operator">
        {OPERATORS.map((op) => (
          <button key={op} type="button" className="query-operator" title={OPERATOR_TIPS[op]} onClick={() => insert(op, 'operator')} data-testid={`query-op-${op}`}>
            {op}
          </button>
        ))}
      </div>
      <div id="query-feedback" className="query-feedback" aria-live="polite" data-testid="query-feedback">
        {invalid && !current.valid ? (
          <div className="query-problem" data-testid="query-error">
            <code className="query-problem-text" aria-hidden="true">
              {value.slice(0, current.position)}
              <span className="query-problem-at">{value.slice(current.position, current.position + 1) || ' '}</span>
              {value.slice(current.position + 1)}
            </code>
            <span>{current.message}</span>
          </div>
        ) : current?.valid ? (
          <span className="query-ok muted" data-testid="query-ok">
            Reads as <code>{current.normalized}</code>
          </span>
        ) : (
          <span className="muted">Code and theme names joined by AND, OR, NOT, NEAR/N; a theme includes everything below it.</span>
        )}
      </div>
    </div>
  );
}
