/**
 * Choosing the code to apply, inside a dialog: type to filter the codebook (as the quick-code box
 * ranks it), pick one, or keep a new name, which the command creates at the top level.
 */
import { useMemo, useState } from 'react';
import type { Code } from '../../../../shared/types';
import { codePath, codeTree, normalizeName, rankCodes } from '../../codes/code-tree';

export type CodeTarget = { guid: string } | { name: string };

/** The code a typed name and a picked row stand for; null while there is neither. */
export function chosenTarget(codes: readonly Code[], typed: string, picked: string | null): CodeTarget | null {
  if (picked && codes.some((c) => c.guid === picked)) return { guid: picked };
  const name = typed.trim().replace(/\s+/g, ' ');
  if (!name) return null;
  const same = codes.find((c) => normalizeName(c.name) === normalizeName(name));
  return same ? { guid: same.guid } : { name };
}

export function CodeChooser({
  codes,
  typed,
  picked,
  onType,
  onPick,
}: {
  codes: readonly Code[];
  typed: string;
  picked: string | null;
  onType: (text: string) => void;
  onPick: (guid: string) => void;
}) {
  // Arrows move through the list and Enter picks the row; without arrows, Enter submits the dialog.
  const [focusRow, setFocusRow] = useState(-1);
  const byGuid = useMemo(() => new Map(codes.map((c) => [c.guid, c])), [codes]);
  const rows = useMemo(() => codeTree(codes), [codes]);
  const shown = useMemo(() => rankCodes(rows, typed).slice(0, 60), [rows, typed]);
  const target = chosenTarget(codes, typed, picked);
  return (
    <div className="code-chooser">
      <input
        type="text"
        className="code-chooser-input"
        value={typed}
        onChange={(e) => {
          onType(e.target.value);
          setFocusRow(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setFocusRow(Math.min(focusRow + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setFocusRow(Math.max(focusRow - 1, 0));
          else if (e.key === 'Enter' && shown[focusRow]) {
            onPick(shown[focusRow]!.code.guid);
            setFocusRow(-1);
          }
          else return;
          e.preventDefault();
        }}
        placeholder="Find a code, or type a new name…"
        aria-label="Code"
        spellCheck={false}
        autoComplete="off"
        data-autofocus
        data-testid="code-chooser-input"
      />
      <ul className="code-chooser-list" role="listbox" aria-label="Codes">
        {shown.map((r, i) => (
          <li
            key={r.code.guid}
            role="option"
            aria-selected={target !== null && 'guid' in target && target.guid === r.code.guid}
            className={`code-chooser-option${i === focusRow ? ' code-chooser-option--focus' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(r.code.guid)}
            data-testid="code-chooser-option"
          >
            <span className="swatch" style={{ backgroundColor: r.code.color }} aria-hidden="true" />
            <span className="code-chooser-name">{r.code.name}</span>
            <span className="code-chooser-path">{codePath(byGuid, r.code).join(' › ')}</span>
          </li>
        ))}
        {shown.length === 0 ? <li className="code-chooser-empty muted">No code has this name yet.</li> : null}
      </ul>
      <p className="code-chooser-target" data-testid="code-chooser-target">
        {target === null ? (
          'Choose a code or type the name of a new one.'
        ) : 'guid' in target ? (
          <>
            Code: <strong>{byGuid.get(target.guid)?.name}</strong>
          </>
        ) : (
          <>
            A new code “<strong>{target.name}</strong>” will be created at the top of the codebook.
          </>
        )}
      </p>
    </div>
  );
}
