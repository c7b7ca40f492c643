/**
 * Which text to count: the project, a focus group, a role, a participant, the participants with an
 * attribute value, or a code's segments. One select with a group per kind, so the choice reads as
 * a sentence ("Words of … Site B").
 */
import type { TextScope } from '../../../../shared/analysis-compare';
import { useOp } from '../../api';
import { codeTree, parseScopeValue, scopeValue } from './compare-model';

const ROLES = [
  { role: 'participant', label: 'Participants (everyone but moderators)' },
  { role: 'moderator', label: 'Moderators' },
  { role: 'observer', label: 'Observers' },
] as const;

export function ScopePicker({
  value,
  onChange,
  includeProject = true,
  label,
  testId,
}: {
  value: TextScope;
  onChange: (scope: TextScope) => void;
  includeProject?: boolean;
  label: string;
  testId: string;
}) {
  const documents = useOp('documents.list', {});
  const participants = useOp('participants.list', {});
  const pAttributes = useOp('attributes.list', { scope: 'participant' });
  const dAttributes = useOp('attributes.list', { scope: 'document' });
  const codes = useOp('codes.list', {});
  const attributes = [...(pAttributes.data ?? []), ...(dAttributes.data ?? [])];
  return (
    <label className="compare-field">
      <span>{label}</span>
      <select value={scopeValue(value)} onChange={(e) => onChange(parseScopeValue(e.target.value))} data-testid={testId}>
        {includeProject ? <option value={scopeValue({ kind: 'project' })}>The whole project</option> : null}
        <optgroup label="Focus groups">
          {(documents.data ?? []).map((d) => (
            <option key={d.guid} value={scopeValue({ kind: 'document', document: d.guid })}>
              {d.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Roles">
          {ROLES.map((r) => (
            <option key={r.role} value={scopeValue({ kind: 'role', role: r.role })}>
              {r.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Participants">
          {(participants.data ?? []).map((p) => (
            <option key={p.guid} value={scopeValue({ kind: 'participant', participant: p.guid })}>
              {p.label}
            </option>
          ))}
        </optgroup>
        {attributes
          .filter((a) => a.values.length > 0)
          .map((a) => (
            <optgroup key={a.guid} label={`${a.scope === 'participant' ? 'Participants by' : 'Focus groups by'} ${a.name}`}>
              {a.values.map((v) => (
                <option key={v} value={scopeValue({ kind: 'attribute', attribute: a.guid, value: v })}>
                  {a.name} = {v}
                </option>
              ))}
            </optgroup>
          ))}
        <optgroup label="Segments of a code or theme">
          {codeTree(codes.data ?? []).map(({ code, depth }) => (
            <option key={code.guid} value={scopeValue({ kind: 'code', code: code.guid })}>
              {'\u2003'.repeat(depth)}
              {code.kind === 'theme' ? '◆ ' : ''}
              {code.name}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
