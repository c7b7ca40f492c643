import path from 'node:path';
import type { OpName, OpOutput, OpParsed } from '../../shared/api.js';
import { deleteCodeCommand } from './codes/delete.js';
import { mergeCodesCommand } from './codes/merge.js';
import { moveCodeCommand } from './codes/move.js';
import { createCodeCommand, updateCodeCommand } from './codes/service.js';
import { splitCodeCommand } from './codes/split.js';
import { codeStory } from './codes/story.js';
import { setPhaseCommand } from './journal/phase.js';
import { createSnapshotCommand, diffSnapshots, listSnapshots } from './snapshots/service.js';
import { codeStats } from './store/codebook.js';
import { linkCommand, listLinks, unlinkCommand } from './themes/links.js';
import { promoteCodeCommand } from './themes/promote.js';
import { wrapCodesCommand } from './themes/wrap.js';
import { applyCodingCommand, listCodings, removeCodingCommand, resizeCodingCommand } from './codings/service.js';
import { createMemoCommand, deleteMemoCommand, listMemos, updateMemoCommand } from './memos/service.js';
import { importSources, previewSources } from './documents/import.js';
import { renameDocumentCommand } from './documents/rename.js';
import {
  attributeTable,
  defineAttributeCommand,
  deleteAttributeCommand,
  importCsvCommand,
  listAttributeDefs,
  setValuesCommand,
  updateAttributeCommand,
} from './attributes/service.js';
import {
  createParticipantCommand,
  deleteParticipantCommand,
  listParticipants,
  mergeSpeakersCommand,
  updateParticipantCommand,
  updateSpeakerCommand,
} from './participants/service.js';
import { codebookMarkdown } from './exchange/codebook-md.js';
import { deliverExport, exportFileName } from './exchange/deliver.js';
import { exportRefi } from './exchange/refi/export.js';
import { importRefiProjectFrom, mergeCodebookCommand, previewCodebook } from './exchange/refi/service.js';
import { exportThemes } from './exchange/themes/export.js';
import { redo, undo, undoState, type CommandScope } from './history/command-log.js';
import { requireDocument } from './codings/service.js';
import type { Project } from './project.js';
import { createDemoProject } from './projects/demo.js';
import { createProject, openProject } from './projects/files.js';
import { projectInfo, projectTitle } from './projects/info.js';
import { setProjectPassphrase } from './projects/passphrase.js';
import type { Session } from './session.js';
import { projectFilesIn, type FileAccess } from './file-access.js';
import { analysisHandlers } from './analysis/handlers.js';
import { teamHandlers } from './team/handlers.js';
import { mediaHandlers } from './media/handlers.js';
import { privacyHandlers } from './privacy/handlers.js';
import { Disclosure, discloseCode } from './privacy/disclosure.js';
import { listCodes } from './store/codes.js';
import { documentSummary, listDocuments, speakersOf, turnsOf } from './store/documents.js';
import { listEntries } from './store/history.js';
import { themePrevalence } from './themes/prevalence.js';

export interface HandlerContext {
  session: Session;
  /** Which files the caller may name (see file-access.ts). */
  files: FileAccess;
  /** The open project; throws NO_PROJECT when there is none. */
  project(): Project;
  signal: AbortSignal;
  progress(done: number, total: number, message: string): void;
  /** For commands: the log entry being written. A no-op for queries. */
  log: CommandScope;
}

export type Handler<N extends OpName> = (cx: HandlerContext, input: OpParsed<N>) => OpOutput<N> | Promise<OpOutput<N>>;

/** The core's implementation of every operation in shared/api.ts, by name. */
/** The handlers of one area of the contract (`shared/api-team.ts`, ...). */
export type Handlers<T> = { [N in keyof T & OpName]: Handler<N> };

type CoreOpName = Exclude<
  OpName,
  keyof typeof teamHandlers | keyof typeof analysisHandlers | keyof typeof mediaHandlers | keyof typeof privacyHandlers
>;

const coreHandlers: { [N in CoreOpName]: Handler<N> } = {
  'project.create': (cx, input) => {
    cx.session.setProject(createProject(input.path, cx.session.env, input.title, input.passphrase));
    return projectInfo(cx.project());
  },
  'project.open': (cx, input) => {
    cx.session.setProject(openProject(input.path, cx.session.env, input.passphrase));
    return projectInfo(cx.project());
  },
  'project.setPassphrase': (cx, input) => setProjectPassphrase(cx.project(), input),
  'project.createDemo': async (cx, input) => {
    cx.session.setProject(await createDemoProject(input.path, cx.session.env, { analysis: input.analysis }));
    return projectInfo(cx.project());
  },
  'project.info': (cx) => projectInfo(cx.project()),
  'project.current': (cx) => ({ path: cx.session.project?.path ?? null }),
  'project.files': (cx) => {
    const open = cx.session.project?.path;
    const folder = cx.files.folder ?? (open ? path.dirname(open) : null);
    return { folder, files: folder ? projectFilesIn(folder) : [] };
  },

  'documents.import': async (cx, input) => {
    const report = await importSources(cx.project(), input.sources, { signal: cx.signal, progress: cx.progress });
    const ok = report.files.filter((f) => f.ok);
    cx.log.summary(
      ok.length === 1 ? `Imported ${ok[0]!.document!.name}` : `Imported ${ok.length} transcripts`,
    );
    return report;
  },
  'documents.preview': (cx, input) => previewSources(cx.project(), input.sources),
  'documents.list': (cx) => listDocuments(cx.project().db),
  'documents.update': (cx, input) => renameDocumentCommand(cx.project(), input, cx.log),
  'documents.get': (cx, input) => {
    const project = cx.project();
    const doc = requireDocument(project, input.document);
    return {
      document: documentSummary(project.db, doc.id),
      text: project.textOf(doc.guid)!,
      speakers: speakersOf(project.db, doc.id),
      turns: turnsOf(project.db, doc.id),
    };
  },

  'speakers.update': (cx, input) => updateSpeakerCommand(cx.project(), input, cx.log),
  'speakers.merge': (cx, input) => mergeSpeakersCommand(cx.project(), input, cx.log),

  'participants.list': (cx) => listParticipants(cx.project()),
  'participants.create': (cx, input) => createParticipantCommand(cx.project(), input, cx.log),
  'participants.update': (cx, input) => updateParticipantCommand(cx.project(), input, cx.log),
  'participants.delete': (cx, input) => deleteParticipantCommand(cx.project(), input, cx.log),

  'attributes.list': (cx, input) => listAttributeDefs(cx.project(), input.scope),
  'attributes.table': (cx, input) => attributeTable(cx.project(), input.scope),
  'attributes.define': (cx, input) => defineAttributeCommand(cx.project(), input, cx.log),
  'attributes.update': (cx, input) => updateAttributeCommand(cx.project(), input, cx.log),
  'attributes.delete': (cx, input) => deleteAttributeCommand(cx.project(), input, cx.log),
  'attributes.setValues': (cx, input) => setValuesCommand(cx.project(), input, cx.log),
  'attributes.importCsv': (cx, input) => importCsvCommand(cx.project(), input, cx.log),

  'codes.list': (cx) => listCodes(cx.project().db),
  'codes.create': (cx, input) => createCodeCommand(cx.project(), input, cx.log),
  'codes.update': (cx, input) => updateCodeCommand(cx.project(), input, cx.log),

  'codings.apply': (cx, input) => applyCodingCommand(cx.project(), input, cx.log),
  'codings.remove': (cx, input) => removeCodingCommand(cx.project(), input, cx.log),
  'codings.list': (cx, input) => listCodings(cx.project(), input),
  'codings.resize': (cx, input) => resizeCodingCommand(cx.project(), input, cx.log),

  'memos.list': (cx, input) => listMemos(cx.project(), input),
  'memos.create': (cx, input) => createMemoCommand(cx.project(), input, cx.log),
  'memos.update': (cx, input) => updateMemoCommand(cx.project(), input, cx.log),
  'memos.delete': (cx, input) => deleteMemoCommand(cx.project(), input, cx.log),

  'export.codebook': (cx, input) => {
    const project = cx.project();
    const disclosure = Disclosure.of(project, input);
    const title = disclosure.text(projectTitle(project));
    const codes = listCodes(project.db).map((c) => discloseCode(disclosure, c));
    const content = codebookMarkdown(title, codes, project.env.now());
    return deliverExport({ content, mediaType: 'text/markdown', fileName: exportFileName(title, 'codebook', ' - codebook.md') }, input.path);
  },

  // REFI-QDA exchange
  'export.refi': (cx, input) => exportRefi(cx.project(), input.format, input.path, input),
  'project.importRefi': (cx, input) => importRefiProjectFrom(cx.session, input, cx.files),
  'exchange.previewCodebook': (cx, input) => previewCodebook(cx.project(), input.source),
  'exchange.mergeCodebook': (cx, input) => mergeCodebookCommand(cx.project(), input.source, cx.log),

  // Themes: prevalence and the manuscript summary
  'themes.prevalence': (cx, input) => themePrevalence(cx.project(), input.theme),
  'export.themes': (cx, input) => exportThemes(cx.project(), input),

  'history.undo': (cx) => undo(cx.project()),
  'history.redo': (cx) => redo(cx.project()),
  'history.state': (cx) => undoState(cx.project()),
  'history.list': (cx, input) => listEntries(cx.project().db, input.limit),

  'operations.cancel': (cx, input) => ({ cancelled: cx.session.cancel(input.operationId) }),

  // Codebook refinement, themes, snapshots, journal
  'codes.move': (cx, input) => moveCodeCommand(cx.project(), input, cx.log),
  'codes.merge': (cx, input) => mergeCodesCommand(cx.project(), input, cx.log),
  'codes.split': (cx, input) => splitCodeCommand(cx.project(), input, cx.log),
  'codes.delete': (cx, input) => deleteCodeCommand(cx.project(), input, cx.log),
  'codes.promote': (cx, input) => promoteCodeCommand(cx.project(), input, cx.log),
  'codes.stats': (cx) => codeStats(cx.project().db),
  'codes.story': (cx, input) => codeStory(cx.project(), input.code),
  'themes.wrap': (cx, input) => wrapCodesCommand(cx.project(), input, cx.log),
  'themes.link': (cx, input) => linkCommand(cx.project(), input, cx.log),
  'themes.unlink': (cx, input) => unlinkCommand(cx.project(), input, cx.log),
  'themes.links': (cx) => listLinks(cx.project()),
  'snapshots.create': (cx, input) => createSnapshotCommand(cx.project(), input, cx.log),
  'snapshots.list': (cx) => listSnapshots(cx.project()),
  'snapshots.diff': (cx, input) => diffSnapshots(cx.project(), input),
  'project.setPhase': (cx, input) => setPhaseCommand(cx.project(), input, cx.log),
};

export const handlers: { [N in OpName]: Handler<N> } = {
  ...coreHandlers,
  ...teamHandlers,
  ...analysisHandlers,
  ...mediaHandlers,
  ...privacyHandlers,
};
