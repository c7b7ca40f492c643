/** Where a theme shows up: in how many focus groups, among how many participants, and which. */
import { useOp } from '../api';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ThemePrevalenceSection({ theme }: { theme: string }) {
  const prevalence = useOp('themes.prevalence', { theme });
  const p = prevalence.data?.[0];
  return (
    <section className="theme-panel-section" data-testid="theme-prevalence">
      <h3>Prevalence</h3>
      {!p ? (
        <p className="muted">{prevalence.isPending ? 'Counting…' : 'Not counted.'}</p>
      ) : (
        <>
          <p className="prevalence-summary" data-testid="prevalence-summary">
            In {p.documents.length} of {plural(p.totalDocuments, 'focus group', 'focus groups')}, among{' '}
            {plural(p.participants.length, 'participant', 'participants')} ({plural(p.codings, 'coding', 'codings')})
          </p>
          {p.documents.length > 0 ? (
            <ul className="theme-panel-list">
              {p.documents.map((d) => (
                <li key={d.guid}>
                  {d.name} <span className="muted">{d.codings}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {p.participants.length > 0 ? (
            <p className="prevalence-people" data-testid="prevalence-people">
              {p.participants.map((person) => person.label).join(', ')}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
