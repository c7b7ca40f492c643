/**
 * The selected theme: its name, how far it has come (candidate → reviewed → defined), its central
 * organising concept and definition, what it holds, where it shows up (prevalence), and the
 * manuscript summary of all themes to download.
 */
import type { Code, ThemeStatus } from '../../../shared/types';
import type { OpInput } from '../../../shared/api';
import { useCommand, useOp } from '../api';
import { SavingField } from '../codebook/fields';
import { ThemePrevalenceSection } from './ThemePrevalence';
import { ThemeSummaryExport } from './ThemeSummaryExport';

const STATUSES: ThemeStatus[] = ['candidate', 'reviewed', 'defined'];

export function ThemePanel({ theme, codes, onSelectTheme }: { theme: Code; codes: Code[]; onSelectTheme: (guid: string) => void }) {
  const update = useCommand('codes.update');
  // `seen`: what the panel showed for the fields it changes, so that a colleague's change made
  // meanwhile (team server) is refused rather than overwritten; see codes.update.
  const save = (fields: { name?: string; centralConcept?: string; definition?: string; status?: ThemeStatus }, seen: OpInput<'codes.update'>['seen']) =>
    update.mutate({ code: theme.guid, ...fields, seen });
  const children = codes.filter((c) => c.parentGuid === theme.guid).sort((a, b) => a.position - b.position);
  const subthemes = children.filter((c) => c.kind === 'theme');
  const ownCodes = children.filter((c) => c.kind === 'code');
  const links = useOp('themes.links', {});
  const nameOf = (guid: string) => codes.find((c) => c.guid === guid)?.name ?? '?';
  const themeLinks = (links.data ?? []).filter((l) => l.source === theme.guid || l.target === theme.guid);

  return (
    <aside className="theme-panel" aria-label="Theme" data-testid="theme-panel">
      <SavingField key={`name:${theme.guid}`} label="Theme" value={theme.name} testId="theme-name" onSave={(name, seen) => save({ name }, { name: seen })} />
      <div className="field">
        <span className="field-label">Status</span>
        <div className="status-steps" role="radiogroup" aria-label="Status">
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={theme.status === s}
              className={`status-step${theme.status === s ? ' status-step--active' : ''}`}
              onClick={() => theme.status !== s && save({ status: s }, { status: theme.status })}
              data-testid={`theme-status-${s}`}
            >
              {s}
            </button>
          ))}
        </div>
      </div>
      <SavingField
        key={`concept:${theme.guid}`}
        label="Central organising concept"
        value={theme.centralConcept}
        multiline
        testId="theme-concept"
        onSave={(centralConcept, seen) => save({ centralConcept }, { centralConcept: seen })}
      />
      <SavingField
        key={`definition:${theme.guid}`}
        label="Definition and narrative"
        value={theme.definition}
        multiline
        testId="theme-definition"
        onSave={(definition, seen) => save({ definition }, { definition: seen })}
      />

      {subthemes.length > 0 ? (
        <section className="theme-panel-section">
          <h3>Subthemes</h3>
          <ul className="theme-panel-list">
            {subthemes.map((s) => (
              <li key={s.guid}>
                <button type="button" className="link-button" onClick={() => onSelectTheme(s.guid)}>
                  {s.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {ownCodes.length > 0 ? (
        <section className="theme-panel-section">
          <h3>Codes</h3>
          <ul className="theme-panel-list" data-testid="theme-codes">
            {ownCodes.map((c) => (
              <li key={c.guid}>
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}{' '}
                <span className="muted">{c.codings}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {themeLinks.length > 0 ? (
        <section className="theme-panel-section">
          <h3>Links</h3>
          <ul className="theme-panel-list">
            {themeLinks.map((l) => (
              <li key={l.guid}>
                {nameOf(l.source)} → {l.label ? <em>{l.label}</em> : null} → {nameOf(l.target)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ThemePrevalenceSection theme={theme.guid} />
      <ThemeSummaryExport />
    </aside>
  );
}
