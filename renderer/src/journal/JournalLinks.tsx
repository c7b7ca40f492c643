/** What a journal entry is about: chips for its linked themes, codes and documents, and a picker. */
import type { Code, DocumentSummary } from '../../../shared/types';

export interface LinkOption {
  guid: string;
  name: string;
  kind: 'theme' | 'code' | 'document';
}

const GROUPS: { kind: LinkOption['kind']; label: string }[] = [
  { kind: 'theme', label: 'Themes' },
  { kind: 'code', label: 'Codes' },
  { kind: 'document', label: 'Documents' },
];

export function linkOptions(codes: readonly Code[], documents: readonly DocumentSummary[]): LinkOption[] {
  return [
    ...codes.map((c) => ({ guid: c.guid, name: c.name, kind: c.kind })),
    ...documents.map((d) => ({ guid: d.guid, name: d.name, kind: 'document' as const })),
  ];
}

/** A select of themes, codes and documents, grouped; `placeholder` is its first, empty choice. */
export function LinkSelect({
  options,
  value,
  exclude = [],
  placeholder,
  onChange,
  testId,
}: {
  options: LinkOption[];
  value: string;
  exclude?: readonly string[];
  placeholder: string;
  onChange: (guid: string) => void;
  testId: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={placeholder} data-testid={testId}>
      <option value="">{placeholder}</option>
      {GROUPS.map((g) => (
        <optgroup key={g.kind} label={g.label}>
          {options
            .filter((o) => o.kind === g.kind && !exclude.includes(o.guid))
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((o) => (
              <option key={o.guid} value={o.guid}>
                {o.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

export function LinkPicker({ options, chosen, onAdd, testId }: { options: LinkOption[]; chosen: string[]; onAdd: (guid: string) => void; testId: string }) {
  return <LinkSelect options={options} value="" exclude={chosen} placeholder="Link to a theme, code or document…" onChange={(g) => g && onAdd(g)} testId={testId} />;
}

export function LinkChips({ links, options, onRemove }: { links: readonly string[]; options: LinkOption[]; onRemove?: (guid: string) => void }) {
  if (links.length === 0) return null;
  return (
    <ul className="journal-chips" aria-label="Linked to">
      {links.map((guid) => {
        const o = options.find((x) => x.guid === guid);
        return (
          <li key={guid} className={`journal-chip journal-chip--${o?.kind ?? 'code'}`} data-testid="journal-chip">
            <span className="journal-chip-kind">{o?.kind ?? 'removed'}</span> {o?.name ?? 'no longer in the project'}
            {onRemove ? (
              <button type="button" className="journal-chip-remove" aria-label={`Remove the link to ${o?.name ?? 'it'}`} onClick={() => onRemove(guid)}>
                ×
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
