/**
 * Words: what is said most in a scope (inflected forms grouped under their stem when asked), and
 * which words set a group apart from everything else said in the project (log-likelihood G²).
 */
import { useRef, useState } from 'react';
import type { DistinctiveInput, DistinctiveRow, TextScope, WordOptions, WordRow, WordsInput } from '../../../../shared/analysis-compare';
import { useOp } from '../../api';
import { ChartExportButtons, TableExportButtons } from '../shared/compare-ExportButtons';
import { percent } from './chart-scale';
import { BarChart } from './charts';
import { parseStopWords } from './compare-model';
import { DataTable, type Column } from './DataTable';
import { ScopePicker } from './ScopePicker';

const TOP_N = [10, 20, 30, 50] as const;

/** The forms grouped under a word; with counts where they are the row's own (not for distinctive words, whose form counts span group and reference). */
function Forms({ forms, counts }: { forms: WordRow['forms']; counts: boolean }) {
  if (forms.length < 2) return null;
  return (
    <span className="compare-forms" title="Forms counted together">
      {forms.map((f) => (counts ? `${f.form} ${f.count}` : f.form)).join(' · ')}
    </span>
  );
}

function wordCell(row: { word: string; forms: WordRow['forms'] }, counts = true) {
  return (
    <span className="compare-word">
      <span>{row.word}</span>
      <Forms forms={row.forms} counts={counts} />
    </span>
  );
}

const WORD_COLUMNS: Column<WordRow>[] = [
  { key: 'word', label: 'Word', value: (r) => r.word, render: (r) => wordCell(r) },
  { key: 'count', label: 'Count', value: (r) => r.count },
  { key: 'share', label: 'Share', value: (r) => r.share, render: (r) => percent(r.share, 2), title: 'Of every counted word in the scope' },
  { key: 'documents', label: 'Groups', value: (r) => r.documents, title: 'Focus groups in which it is said' },
  { key: 'speakers', label: 'Speakers', value: (r) => r.speakers, title: 'People who say it' },
];

const DISTINCTIVE_COLUMNS: Column<DistinctiveRow>[] = [
  { key: 'word', label: 'Word', value: (r) => r.word, render: (r) => wordCell(r, false) },
  { key: 'count', label: 'In group', value: (r) => r.count },
  { key: 'referenceCount', label: 'Elsewhere', value: (r) => r.referenceCount },
  { key: 'rate', label: 'Per 1,000', value: (r) => r.rate, render: (r) => r.rate.toFixed(1), title: 'Occurrences per 1,000 words in the group' },
  { key: 'referenceRate', label: 'Elsewhere per 1,000', value: (r) => r.referenceRate, render: (r) => r.referenceRate.toFixed(1) },
  {
    key: 'logLikelihood',
    label: 'G²',
    value: (r) => r.logLikelihood,
    render: (r) => r.logLikelihood.toFixed(1),
    title: 'Log-likelihood: 3.84 is p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001',
  },
  { key: 'logRatio', label: 'Log ratio', value: (r) => r.logRatio, render: (r) => r.logRatio.toFixed(2), title: 'Effect size: 1 is twice as often' },
];

export function WordsTab() {
  const [scope, setScope] = useState<TextScope>({ kind: 'project' });
  const [stem, setStem] = useState(true);
  const [stopWords, setStopWords] = useState(true);
  const [extraDraft, setExtraDraft] = useState('');
  const [extra, setExtra] = useState<string[]>([]);
  const [topN, setTopN] = useState<number>(20);
  const wordsChart = useRef<SVGSVGElement>(null);
  const distinctiveChart = useRef<SVGSVGElement>(null);

  const options: WordOptions = { ...defaultOptions(), stem, removeStopWords: stopWords, extraStopWords: extra };
  const wordsInput: WordsInput = { scope, options, limit: 500 };
  const words = useOp('analysis.words', wordsInput);
  const grouped = scope.kind !== 'project';
  const distinctiveInput: DistinctiveInput = { scope, options, limit: 100 };
  const distinctive = useOp('analysis.distinctive', distinctiveInput, { enabled: grouped });

  const applyExtra = () => setExtra(parseStopWords(extraDraft));
  const data = words.data;
  const topTitle = data ? `The ${Math.min(topN, data.words.length)} most frequent words – ${data.scope}` : '';

  return (
    <div className="compare-tab" data-testid="explore-words">
      <div className="compare-controls">
        <ScopePicker label="Words of" value={scope} onChange={setScope} testId="words-scope" />
        <label className="compare-check">
          <input type="checkbox" checked={stem} onChange={(e) => setStem(e.target.checked)} data-testid="words-stem" />
          Group inflected forms
        </label>
        <label className="compare-check">
          <input type="checkbox" checked={stopWords} onChange={(e) => setStopWords(e.target.checked)} data-testid="words-stopwords" />
          Leave out stop words
        </label>
        <label className="compare-field compare-field--grow">
          <span>Also leave out</span>
          <input
            type="text"
            value={extraDraft}
            placeholder="um, yeah, like"
            onChange={(e) => setExtraDraft(e.target.value)}
            onBlur={applyExtra}
            onKeyDown={(e) => e.key === 'Enter' && applyExtra()}
            data-testid="words-extra"
          />
        </label>
        <label className="compare-field">
          <span>Chart</span>
          <select value={topN} onChange={(e) => setTopN(Number(e.target.value))} data-testid="words-topn">
            {TOP_N.map((n) => (
              <option key={n} value={n}>
                Top {n}
              </option>
            ))}
          </select>
        </label>
      </div>

      <section className="compare-section" aria-labelledby="words-heading">
        <header className="compare-section-header">
          <h2 id="words-heading">Word frequencies</h2>
          {data ? (
            <p className="muted" data-testid="words-summary">
              {data.tokens.toLocaleString('en')} words counted, {data.types.toLocaleString('en')} different
              {stem ? ' (forms grouped)' : ''} in {data.scope}
            </p>
          ) : null}
          <TableExportButtons analysis={{ kind: 'words', params: wordsInput }} testId="words-table-export" />
        </header>
        {words.isError ? <p className="compare-error">{words.error.message}</p> : null}
        {!data ? (
          <p className="muted">{words.isPending ? 'Counting words…' : ''}</p>
        ) : data.words.length === 0 ? (
          <p className="muted">No words in this scope.</p>
        ) : (
          <div className="compare-split">
            <div className="compare-table-wrap">
              <DataTable columns={WORD_COLUMNS} rows={data.words} rowKey={(r) => r.key} testId="words-table" caption="Word frequencies" />
            </div>
            <figure className="compare-figure">
              <BarChart
                ref={wordsChart}
                title={topTitle}
                subtitle={`${stem ? 'Inflected forms grouped' : 'Each form on its own'}${stopWords ? ', stop words left out' : ''}`}
                bars={data.words.slice(0, topN).map((w) => ({ key: w.key, label: w.word, value: w.count }))}
                axisLabel="Occurrences"
                testId="words-chart"
              />
              <figcaption>
                <ChartExportButtons chart={wordsChart} title={topTitle} testId="words-chart-export" />
              </figcaption>
            </figure>
          </div>
        )}
      </section>

      <section className="compare-section" aria-labelledby="distinctive-heading">
        <header className="compare-section-header">
          <h2 id="distinctive-heading">Distinctive words</h2>
          {grouped && distinctive.data ? (
            <p className="muted">
              Words {distinctive.data.scope} use more than {distinctive.data.against} ({distinctive.data.tokens.toLocaleString('en')} against{' '}
              {distinctive.data.referenceTokens.toLocaleString('en')} words); G² above 3.84 is p &lt; 0.05
            </p>
          ) : null}
          {grouped ? <TableExportButtons analysis={{ kind: 'distinctive', params: distinctiveInput }} testId="distinctive-table-export" /> : null}
        </header>
        {!grouped ? (
          <p className="muted">Choose a focus group, a role, a participant, an attribute value or a code above to see the words that set it apart.</p>
        ) : distinctive.isError ? (
          <p className="compare-error">{distinctive.error.message}</p>
        ) : !distinctive.data ? (
          <p className="muted">Comparing…</p>
        ) : distinctive.data.words.length === 0 ? (
          <p className="muted">No word stands out: the group is too small, or speaks like everyone else.</p>
        ) : (
          <div className="compare-split">
            <div className="compare-table-wrap">
              <DataTable columns={DISTINCTIVE_COLUMNS} rows={distinctive.data.words} rowKey={(r) => r.key} testId="distinctive-table" caption="Distinctive words" />
            </div>
            <figure className="compare-figure">
              <BarChart
                ref={distinctiveChart}
                title={`Distinctive words – ${distinctive.data.scope}`}
                subtitle={`Against ${distinctive.data.against}; counts in the group after each bar`}
                bars={distinctive.data.words.slice(0, topN).map((w) => ({
                  key: w.key,
                  label: w.word,
                  value: w.logLikelihood,
                  valueLabel: `${w.logLikelihood.toFixed(1)} (${w.count})`,
                }))}
                axisLabel="Log-likelihood G²"
                testId="distinctive-chart"
              />
              <figcaption>
                <ChartExportButtons chart={distinctiveChart} title={`Distinctive words – ${distinctive.data.scope}`} testId="distinctive-chart-export" />
              </figcaption>
            </figure>
          </div>
        )}
      </section>
    </div>
  );
}

function defaultOptions(): WordOptions {
  return { tokenizer: 'words', minLength: 1, numbers: false, stem: true, removeStopWords: true, extraStopWords: [] };
}
