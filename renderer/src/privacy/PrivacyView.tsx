/**
 * Privacy: the project's list of real names and the pseudonyms exports write instead, the names
 * Chorus proposes for it (accepted with one click), and the passages redacted in every export.
 * The transcripts themselves never change; what leaves the app is decided in shared/disclose.ts.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { disclose, NameMatcher, REDACTION_MARK } from '../../../shared/disclose';
import { PSEUDONYM_CATEGORIES, type Pseudonym, type PseudonymCategory, type PseudonymProposal } from '../../../shared/privacy';
import { useCommand, useOp } from '../api';
import { showToast } from '../components/toasts';
import './privacy.css';

const CATEGORY_LABEL: Record<PseudonymCategory, string> = {
  person: 'Person',
  place: 'Place',
  organisation: 'Organisation',
  other: 'Other',
};

function CategorySelect({ value, onChange, testId }: { value: PseudonymCategory; onChange: (c: PseudonymCategory) => void; testId: string }) {
  return (
    <select aria-label="Category" value={value} onChange={(e) => onChange(e.target.value as PseudonymCategory)} data-testid={testId}>
      {PSEUDONYM_CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {CATEGORY_LABEL[c]}
        </option>
      ))}
    </select>
  );
}

/** A cell edited in place, saved on Enter or when it loses the focus; Escape reverts. */
function EditCell({ value, label, testId, onSave }: { value: string; label: string; testId: string; onSave: (v: string) => void }) {
  const [base, setBase] = useState(value);
  const [draft, setDraft] = useState(value);
  // A new value from outside (undo, a colleague) replaces the draft unless it is being typed.
  if (base !== value && (draft === base || draft === value)) {
    setBase(value);
    setDraft(value);
  }
  const save = () => {
    if (draft.trim() && draft !== base) onSave(draft);
    else setDraft(base);
  };
  return (
    <input
      aria-label={label}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setDraft(base);
          e.currentTarget.blur();
        }
      }}
      data-testid={testId}
    />
  );
}

function PseudonymRow({ entry }: { entry: Pseudonym }) {
  const update = useCommand('privacy.updatePseudonym');
  const remove = useCommand('privacy.removePseudonym');
  return (
    <tr data-testid="pseudonym-row">
      <td>
        <EditCell value={entry.realName} label={`Real name ${entry.realName}`} testId="pseudonym-real" onSave={(realName) => update.mutate({ pseudonym: entry.guid, realName })} />
      </td>
      <td>
        <EditCell
          value={entry.pseudonym}
          label={`Pseudonym of ${entry.realName}`}
          testId="pseudonym-text"
          onSave={(pseudonymText) => update.mutate({ pseudonym: entry.guid, pseudonymText })}
        />
      </td>
      <td>
        <CategorySelect value={entry.category} onChange={(category) => update.mutate({ pseudonym: entry.guid, category })} testId="pseudonym-category" />
      </td>
      <td className="privacy-actions">
        <button type="button" className="button button--small" onClick={() => remove.mutate({ pseudonym: entry.guid })} aria-label={`Remove ${entry.realName}`} data-testid="pseudonym-remove">
          Remove
        </button>
      </td>
    </tr>
  );
}

function AddPseudonym() {
  const [realName, setRealName] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const [category, setCategory] = useState<PseudonymCategory>('person');
  const add = useCommand('privacy.addPseudonyms', {
    onSuccess: () => {
      setRealName('');
      setPseudonym('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (realName.trim() && pseudonym.trim()) add.mutate({ entries: [{ realName, pseudonym, category }] });
  };
  return (
    <form className="privacy-add" onSubmit={submit}>
      <input aria-label="Real name" placeholder="Real name (Maria Lopez)" value={realName} onChange={(e) => setRealName(e.target.value)} data-testid="add-real-name" />
      <input aria-label="Pseudonym" placeholder="Pseudonym (Participant 3)" value={pseudonym} onChange={(e) => setPseudonym(e.target.value)} data-testid="add-pseudonym" />
      <CategorySelect value={category} onChange={setCategory} testId="add-category" />
      <button type="submit" className="button button--small button--primary" disabled={!realName.trim() || !pseudonym.trim() || add.isPending} data-testid="add-pseudonym-button">
        Add
      </button>
    </form>
  );
}

function Proposals() {
  const proposals = useOp('privacy.propose', {});
  const add = useCommand('privacy.addPseudonyms');
  const accept = (list: readonly PseudonymProposal[]) =>
    add.mutate(
      { entries: list.map((p) => ({ realName: p.realName, pseudonym: p.pseudonym, category: p.category })) },
      { onSuccess: (added) => showToast('notice', added.length === 1 ? `“${added[0]!.realName}” will be written as “${added[0]!.pseudonym}”` : `${added.length} names added`) },
    );
  const list = proposals.data ?? [];
  return (
    <section className="privacy-section" aria-labelledby="privacy-proposals">
      <div className="privacy-section-head">
        <h2 id="privacy-proposals">Proposed names</h2>
        {list.length > 1 ? (
          <button type="button" className="button button--small" disabled={add.isPending} onClick={() => accept(list)} data-testid="accept-all-proposals">
            Accept all {list.length}
          </button>
        ) : null}
      </div>
      <p className="muted">From the speakers’ labels and from capitalised words that recur in the transcripts. Check each one: a proposal is a guess.</p>
      {proposals.isPending ? (
        <p className="empty">Looking for names…</p>
      ) : list.length === 0 ? (
        <p className="empty" data-testid="no-proposals">
          No names to propose.
        </p>
      ) : (
        <ul className="privacy-proposals">
          {list.map((p) => (
            <li key={p.realName} data-testid="proposal" data-name={p.realName}>
              <div className="privacy-proposal-main">
                <strong>{p.realName}</strong> → {p.pseudonym}
                <span className="privacy-badge">{CATEGORY_LABEL[p.category]}</span>
                <span className="muted">
                  {p.source === 'speaker' ? 'speaker' : 'in the text'} · {p.count}× in {p.documents.length} document{p.documents.length === 1 ? '' : 's'}
                </span>
              </div>
              {p.example ? <div className="privacy-example muted">“{p.example}”</div> : null}
              <button type="button" className="button button--small button--primary" disabled={add.isPending} onClick={() => accept([p])} data-testid="accept-proposal">
                Accept
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Redactions() {
  const redactions = useOp('privacy.redactions', {});
  const documents = useOp('documents.list', {});
  const remove = useCommand('privacy.unredact');
  const names = new Map((documents.data ?? []).map((d) => [d.guid, d.name]));
  const list = redactions.data ?? [];
  return (
    <section className="privacy-section" aria-labelledby="privacy-redactions">
      <h2 id="privacy-redactions">Redacted passages</h2>
      <p className="muted">Blacked out in every export. Mark them in a transcript with Redact mode; the transcript itself keeps its words.</p>
      {list.length === 0 ? (
        <p className="empty">No passages are redacted.</p>
      ) : (
        <ul className="privacy-redactions">
          {list.map((r) => (
            <li key={r.guid} data-testid="redaction">
              <span className="privacy-redacted-text">{r.text}</span>
              <span className="muted">{names.get(r.document) ?? ''}</span>
              <button type="button" className="button button--small" onClick={() => remove.mutate({ redaction: r.guid })} data-testid="redaction-remove">
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A transcript as a pseudonymised export would write it, through the same transformer the core
 * uses (shared/disclose.ts): pseudonyms and blacked-out passages marked, the rest as stored.
 */
function Preview({ entries }: { entries: readonly Pseudonym[] }) {
  const documents = useOp('documents.list', {});
  const [chosen, setChosen] = useState<string>('');
  const guid = chosen || documents.data?.[0]?.guid || '';
  const detail = useOp('documents.get', { document: guid }, { enabled: guid !== '' });
  const redactions = useOp('privacy.redactions', { document: guid }, { enabled: guid !== '' });
  const disclosed = useMemo(
    () =>
      detail.data && detail.data.document.guid === guid
        ? disclose(detail.data.text, { names: new NameMatcher(entries), redactions: redactions.data ?? [] })
        : null,
    [detail.data, guid, entries, redactions.data],
  );
  if (!documents.data?.length) return null;
  return (
    <section className="privacy-section" aria-labelledby="privacy-preview">
      <div className="privacy-section-head">
        <h2 id="privacy-preview">Preview</h2>
        <select aria-label="Document to preview" value={guid} onChange={(e) => setChosen(e.target.value)} data-testid="preview-document">
          {documents.data.map((d) => (
            <option key={d.guid} value={d.guid}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted">The transcript as a pseudonymised export writes it.</p>
      <div className="privacy-preview" data-testid="privacy-preview">
        {disclosed?.pieces.map((p) =>
          !p.changed ? (
            p.text
          ) : p.text === REDACTION_MARK ? (
            <span key={p.from} className="privacy-preview-mark" title="Redacted">
              {p.text}
            </span>
          ) : (
            <span key={p.from} className="privacy-preview-name">
              {p.text}
            </span>
          ),
        )}
      </div>
    </section>
  );
}

export function PrivacyView() {
  const list = useOp('privacy.pseudonyms', {});
  const entries = list.data ?? [];
  return (
    <div className="privacy" data-testid="privacy-view">
      <div className="cases-header">
        <div>
          <h1>Privacy</h1>
          <p className="muted">
            Real names and the pseudonyms exports write instead, whole words in any case. Exports ask whether to pseudonymise; the transcripts keep the words
            as imported.
          </p>
        </div>
      </div>
      <div className="privacy-columns">
        <section className="privacy-section" aria-labelledby="privacy-list">
          <h2 id="privacy-list">Pseudonyms ({entries.length})</h2>
          <AddPseudonym />
          {entries.length === 0 ? (
            <p className="empty">No names yet: add one, or accept a proposal.</p>
          ) : (
            <table className="privacy-table" data-testid="pseudonyms">
              <thead>
                <tr>
                  <th scope="col">Real name</th>
                  <th scope="col">Pseudonym</th>
                  <th scope="col">Category</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <PseudonymRow key={e.guid} entry={e} />
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div>
          <Proposals />
          <Redactions />
          <Preview entries={entries} />
        </div>
      </div>
    </div>
  );
}
