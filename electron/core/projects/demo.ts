import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ChorusError, ErrorCode } from '../../../shared/errors.js';
import { HEX_COLOR } from '../../../shared/colors.js';
import { createCode } from '../codes/service.js';
import { storeTranscript } from '../documents/import.js';
import { parseSource } from '../documents/formats/index.js';
import type { CoreEnv } from '../env.js';
import { runCommand } from '../history/command-log.js';
import type { Project } from '../project.js';
import * as attributes from '../store/attributes.js';
import { updateCodeField } from '../store/codes.js';
import { indexTurns } from '../store/documents.js';
import * as participants from '../store/participants.js';
import { setThemeFields } from '../store/themes.js';
import { setProjectPhase } from '../store/memos.js';
import { applyCodings, readAnalysis, setExamples, writeMemos, type Anchor as AnchorType, type DemoIndex } from './demo-analysis.js';
import { createProject } from './files.js';

const AttributeValues = z.record(z.string(), z.union([z.string(), z.number()]));
const Anchor = z.object({ document: z.string(), quote: z.string().min(1) });
/** A code, or a theme (with its status, central organising concept and example), and what is below it. */
interface StudyCode {
  name: string;
  color: string;
  definition: string;
  inclusion?: string | undefined;
  exclusion?: string | undefined;
  kind?: 'code' | 'theme' | undefined;
  status?: 'candidate' | 'reviewed' | 'defined' | undefined;
  centralConcept?: string | undefined;
  example?: z.infer<typeof Anchor> | undefined;
  children?: StudyCode[] | undefined;
}
const StudyCode: z.ZodType<StudyCode> = z.lazy(() =>
  z.object({
    name: z.string(),
    color: z.string().regex(HEX_COLOR),
    definition: z.string(),
    inclusion: z.string().optional(),
    exclusion: z.string().optional(),
    kind: z.enum(['code', 'theme']).optional(),
    status: z.enum(['candidate', 'reviewed', 'defined']).optional(),
    centralConcept: z.string().optional(),
    example: Anchor.optional(),
    children: z.array(StudyCode).optional(),
  }),
);
/** resources/demo/study.json: what the demo study holds besides its transcripts. */
const Study = z.object({
  title: z.string(),
  description: z.string(),
  documents: z.array(z.object({ file: z.string(), name: z.string(), attributes: AttributeValues })),
  participants: z.array(
    z.object({ label: z.string(), role: z.enum(['moderator', 'participant', 'observer']), attributes: AttributeValues }),
  ),
  codes: z.array(StudyCode),
  /** The phase of the analysis (Braun & Clarke, 1–6) the demo is in. */
  phase: z.number().int().min(1).max(6),
});
type Study = z.infer<typeof Study>;

function attributeType(values: (string | number)[]): attributes.AttributeType {
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'date';
  return 'category';
}

function setAttributes(
  project: Project,
  scope: attributes.AttributeScope,
  owners: { id: number; values: Record<string, string | number> }[],
): void {
  const s = project.stamp();
  const names = [...new Set(owners.flatMap((o) => Object.keys(o.values)))];
  for (const name of names) {
    const values = owners.flatMap((o) => (name in o.values ? [o.values[name]!] : []));
    const attributeId =
      attributes.attributeByName(project.db, scope, name)?.id ??
      attributes.insertAttribute(project.db, { guid: project.env.newGuid(), scope, name, type: attributeType(values) }, s);
    for (const o of owners) {
      if (name in o.values) attributes.setValue(project.db, scope, o.id, attributeId, String(o.values[name]));
    }
  }
}

function readStudy(dir: string): Study {
  const file = path.join(dir, 'study.json');
  try {
    return Study.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new ChorusError(ErrorCode.CORRUPT_FILE, `The demo study at ${file} could not be read: ${(e as Error).message}`);
  }
}

/**
 * Writes the demo study (four focus groups on peer support among emergency-medicine residents)
 * to a new project, through the same commands a researcher would use, so its log shows how it was
 * put together: the transcripts, the participants, the codebook with its candidate themes, the
 * coding, and the memos and journal of an analysis in progress. Without `analysis`, it stops after
 * the codebook: the transcripts are left to be coded.
 */
export async function createDemoProject(file: string, env: CoreEnv, options: { analysis: boolean } = { analysis: true }): Promise<Project> {
  const study = readStudy(env.demoDir);
  const analysis = readAnalysis(env.demoDir);
  const project = createProject(file, env, study.title);
  const index: DemoIndex = { documents: new Map(), codes: new Map() };
  try {
    await runCommand(project, 'documents.import', { demo: true }, async (log) => {
      const ids: { id: number; values: Record<string, string | number> }[] = [];
      for (const d of study.documents) {
        const bytes = fs.readFileSync(path.join(env.demoDir, d.file));
        const doc = storeTranscript(project, {
          name: d.name,
          parsed: await parseSource(bytes, d.file),
          sourceName: d.file,
        });
        ids.push({ id: doc.id, values: d.attributes });
        index.documents.set(d.name, { id: doc.id, guid: doc.guid, text: project.textOf(doc.guid)! });
      }
      indexTurns(project.db, ids.map((d) => d.id));
      setAttributes(project, 'document', ids);
      log.summary(`Imported ${ids.length} transcripts`);
    });
    await runCommand(project, 'participants.register', { demo: true }, (log) => {
      const s = project.stamp();
      const owners = study.participants.map((p) => {
        const id = participants.insertParticipant(project.db, { guid: env.newGuid(), label: p.label }, s);
        for (const sp of participants.speakersByLabel(project.db, p.label)) {
          participants.setSpeakerParticipant(project.db, sp.id, id);
          participants.setSpeakerRole(project.db, sp.id, p.role);
        }
        return { id, values: p.attributes };
      });
      setAttributes(project, 'participant', owners);
      log.summary(`Registered ${owners.length} participants and mapped their speakers`);
    });
    const examples: { theme: string; example: AnchorType }[] = [];
    await runCommand(project, 'codes.create', { demo: true }, (log) => {
      const add = (codes: StudyCode[], parent: { id: number; guid: string } | null) => {
        for (const c of codes) {
          if (index.codes.has(c.name)) throw new ChorusError(ErrorCode.CORRUPT_FILE, `The demo study names two codes "${c.name}".`);
          const code = createCode(project, { name: c.name, color: c.color, definition: c.definition, parent: parent?.guid ?? null });
          index.codes.set(c.name, { ...code, parentId: parent?.id ?? null });
          if (c.inclusion) updateCodeField(project.db, code.id, 'inclusion', c.inclusion);
          if (c.exclusion) updateCodeField(project.db, code.id, 'exclusion', c.exclusion);
          if (c.kind === 'theme') {
            setThemeFields(project.db, code.id, { status: c.status ?? 'candidate', centralConcept: c.centralConcept ?? '' });
          }
          if (c.example) examples.push({ theme: c.name, example: c.example });
          add(c.children ?? [], code);
        }
      };
      add(study.codes, null);
      const themes = study.codes.filter((c) => c.kind === 'theme').length;
      log.summary(`Created the codebook and ${themes} candidate themes`);
    });
    if (!options.analysis) return project;
    let codings: ReturnType<typeof applyCodings> = new Map();
    await runCommand(project, 'codings.apply', { demo: true }, (log) => {
      codings = applyCodings(project, analysis, index);
      setExamples(project, examples, index, codings);
      const n = Object.values(analysis.codings).reduce((sum, list) => sum + list.length, 0);
      log.summary(`Coded ${n} passages across the ${index.documents.size} focus groups`);
    });
    await runCommand(project, 'memos.create', { demo: true }, (log) => {
      const written = writeMemos(project, analysis, index, codings);
      setProjectPhase(project.db, study.phase);
      log.summary(`Wrote ${written.journal} journal entries and ${written.memos} memos`);
    });
    return project;
  } catch (e) {
    project.close();
    fs.rmSync(file, { force: true });
    throw e;
  }
}
