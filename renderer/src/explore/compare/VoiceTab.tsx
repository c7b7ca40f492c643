/**
 * Voice: for each code and theme, in how many groups and among how many participants it comes up,
 * and whose words carry it, flagged when one person carries most of them; then talk time per
 * speaker in each focus group.
 */
import { useRef, useState } from 'react';
import type { CodeVoice, MatrixRows, SpeakerTalk, VoiceInput } from '../../../../shared/analysis-compare';
import { useOp } from '../../api';
import { ChartExportButtons, TableExportButtons } from '../shared/compare-ExportButtons';
import { FLAG_COLOUR, MODERATOR_COLOUR, percent, rankColour } from './chart-scale';
import { StackedBarChart } from './charts';
import { DataTable, type Column } from './DataTable';
import { duration, talkRows, voiceRows } from './voice-model';

const THRESHOLDS = [0.4, 0.5, 0.6, 0.75] as const;

const VOICE_COLUMNS: Column<CodeVoice>[] = [
  {
    key: 'name',
    label: 'Code or theme',
    value: (c) => c.name,
    render: (c) => (
      <span className={c.kind === 'theme' ? 'compare-theme-name' : undefined} style={{ paddingLeft: 12 * c.depth }}>
        {c.name}
      </span>
    ),
  },
  { key: 'groups', label: 'Groups', value: (c) => c.groups, render: (c) => `${c.groups} of ${c.totalGroups}` },
  { key: 'participants', label: 'Participants', value: (c) => c.participants },
  { key: 'codings', label: 'Codings', value: (c) => c.codings },
  { key: 'words', label: 'Words', value: (c) => c.words, title: 'Coded words said by participants' },
  {
    key: 'top',
    label: 'Largest share',
    value: (c) => c.shares[0]?.share ?? 0,
    render: (c) =>
      c.shares[0] ? (
        <span className={c.dominant ? 'compare-flag' : undefined} data-testid={c.dominant ? 'voice-flag' : undefined}>
          {c.dominant ? '⚑ ' : ''}
          {c.shares[0].label} {percent(c.shares[0].share, 0)}
        </span>
      ) : (
        '–'
      ),
  },
];

type TalkRow = SpeakerTalk & { group: string; groupName: string };

const TALK_COLUMNS: Column<TalkRow>[] = [
  { key: 'groupName', label: 'Focus group', value: (r) => r.groupName },
  { key: 'label', label: 'Speaker', value: (r) => r.label },
  { key: 'role', label: 'Role', value: (r) => r.role },
  { key: 'turns', label: 'Turns', value: (r) => r.turns },
  { key: 'words', label: 'Words', value: (r) => r.words },
  { key: 'share', label: 'Share of group', value: (r) => r.share, render: (r) => percent(r.share) },
  { key: 'seconds', label: 'Time', value: (r) => r.seconds ?? -1, render: (r) => duration(r.seconds), title: 'From the transcript’s timestamps' },
];

export function VoiceTab() {
  const [rows, setRows] = useState<MatrixRows>('themes');
  const [threshold, setThreshold] = useState(0.5);
  const voiceChart = useRef<SVGSVGElement>(null);
  const talkChart = useRef<SVGSVGElement>(null);
  const input: VoiceInput = { rows, threshold };
  const voice = useOp('analysis.voice', input);
  const talk = useOp('analysis.talkTime', {});
  const flagged = voice.data?.codes.filter((c) => c.dominant).length ?? 0;
  const voiceTitle = `Whose words carry each ${rows === 'codes' ? 'code' : rows === 'themes' ? 'theme' : 'code and theme'}`;

  return (
    <div className="compare-tab" data-testid="explore-voice">
      <div className="compare-controls">
        <label className="compare-field">
          <span>Rows</span>
          <select value={rows} onChange={(e) => setRows(e.target.value as MatrixRows)} data-testid="voice-rows">
            <option value="themes">Themes (with everything below)</option>
            <option value="codes">Codes</option>
            <option value="all">Codes and themes</option>
          </select>
        </label>
        <label className="compare-field">
          <span>Flag when one person carries more than</span>
          <select value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} data-testid="voice-threshold">
            {THRESHOLDS.map((t) => (
              <option key={t} value={t}>
                {percent(t, 0)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <section className="compare-section">
        <header className="compare-section-header">
          <h2>Voice</h2>
          {voice.data ? (
            <p className="muted" data-testid="voice-summary">
              {flagged === 0 ? 'No row rests on one voice.' : `${flagged} ${flagged === 1 ? 'row rests' : 'rows rest'} mostly on one person (⚑).`}
            </p>
          ) : null}
          <TableExportButtons analysis={{ kind: 'voice', params: input }} testId="voice-table-export" />
          <ChartExportButtons chart={voiceChart} title={voiceTitle} testId="voice-chart-export" />
        </header>
        {voice.isError ? <p className="compare-error">{voice.error.message}</p> : null}
        {!voice.data ? (
          <p className="muted">{voice.isPending ? 'Counting…' : ''}</p>
        ) : voice.data.codes.length === 0 ? (
          <p className="muted">Nothing coded yet.</p>
        ) : (
          <div className="compare-stack">
            <figure className="compare-figure">
              <StackedBarChart
                ref={voiceChart}
                title={voiceTitle}
                subtitle={`Each participant’s share of the coded words, largest first; ⚑ one person carries more than ${percent(threshold, 0)}`}
                rows={voiceRows(voice.data.codes)}
                legend={[
                  { label: 'Largest share', fill: rankColour(0) },
                  { label: 'Next', fill: rankColour(1) },
                  { label: 'Others', fill: rankColour(3) },
                  { label: 'One voice', fill: FLAG_COLOUR },
                ]}
                flagColour={FLAG_COLOUR}
                testId="voice-chart"
              />
            </figure>
            <div className="compare-table-wrap">
              <DataTable columns={VOICE_COLUMNS} rows={voice.data.codes} rowKey={(c) => c.key} testId="voice-table" caption="Voice per code" />
            </div>
          </div>
        )}
      </section>

      <section className="compare-section">
        <header className="compare-section-header">
          <h2>Talk time</h2>
          <p className="muted">Who speaks how much in each focus group</p>
          <TableExportButtons analysis={{ kind: 'talkTime', params: {} }} testId="talk-table-export" />
          <ChartExportButtons chart={talkChart} title="Talk time per focus group" testId="talk-chart-export" />
        </header>
        {talk.isError ? <p className="compare-error">{talk.error.message}</p> : null}
        {!talk.data ? (
          <p className="muted">{talk.isPending ? 'Counting…' : ''}</p>
        ) : (
          <div className="compare-stack">
            <figure className="compare-figure">
              <StackedBarChart
                ref={talkChart}
                title="Talk time per focus group"
                subtitle="Share of each group’s words by speaker: moderators first, then participants, most words first"
                rows={talkRows(talk.data)}
                legend={[
                  { label: 'Moderator', fill: MODERATOR_COLOUR },
                  { label: 'Participants, most words first', fill: rankColour(0) },
                ]}
                flagColour={FLAG_COLOUR}
                testId="talk-chart"
              />
            </figure>
            <div className="compare-table-wrap">
              <DataTable
                columns={TALK_COLUMNS}
                rows={talk.data.flatMap((g) => g.speakers.map((s) => ({ ...s, group: g.document, groupName: g.name })))}
                rowKey={(r) => r.speaker}
                testId="talk-table"
                caption="Talk time per speaker"
              />
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
