/**
 * Whose codings the workspace shows: mine, one co-coder's, or everyone's (the coder layer), and
 * blind mode, which hides every other coder's codings while I code so that my coding stays
 * independent. One state per project on this machine (localStorage, keyed by the project's guid),
 * shared by every component that calls `useCoderLayer` (the transcript, the codebook panel, the
 * document list), so they never disagree about what is shown.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { CoderInfo } from '../../../shared/types';
import { useOp } from '../api';

/** `mine`, `all`, or the guid of one coder. */
export type LayerChoice = 'mine' | 'all' | (string & {});

interface LayerPrefs {
  layer: LayerChoice;
  blind: boolean;
}

const DEFAULT_PREFS: LayerPrefs = { layer: 'all', blind: false };
const storageKey = (project: string) => `chorus.coderLayer.${project}`;

// ---- the store: localStorage plus the components listening to it ----

const listeners = new Set<() => void>();
const cache = new Map<string, LayerPrefs>();

function readPrefs(project: string): LayerPrefs {
  const known = cache.get(project);
  if (known) return known;
  let prefs = DEFAULT_PREFS;
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(project)) ?? 'null') as Partial<LayerPrefs> | null;
    if (raw && typeof raw === 'object') {
      prefs = {
        layer: typeof raw.layer === 'string' && raw.layer ? raw.layer : DEFAULT_PREFS.layer,
        blind: raw.blind === true,
      };
    }
  } catch {
    // A damaged entry: start from the defaults.
  }
  cache.set(project, prefs);
  return prefs;
}

function writePrefs(project: string, prefs: LayerPrefs): void {
  cache.set(project, prefs);
  try {
    localStorage.setItem(storageKey(project), JSON.stringify(prefs));
  } catch {
    // Storage full or denied: the choice holds for this session only.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another window of the same project changed it.
  const onStorage = (e: StorageEvent) => {
    if (!e.key?.startsWith('chorus.coderLayer.')) return;
    cache.delete(e.key.slice('chorus.coderLayer.'.length));
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

// ---- pure helpers ----

/** "Jonas Berg" → "JB", "maya" → "MA": what a stripe group and a segment are labelled with. */
export function coderInitials(name: string): string {
  const words = name.trim().split(/[\s._-]+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return (words[0]![0]! + words[words.length - 1]![0]!).toUpperCase();
}

/** What the workspace needs to know about a coder to show their codings. */
export interface CoderMark {
  guid: string;
  name: string;
  initials: string;
  mine: boolean;
  /**
   * Their place in the project's list of coders (me first): their stripe group's order and their
   * stripe pattern (`coder-pattern-N` in coders.css; mine is plain).
   */
  index: number;
}

/** The stripe pattern class of a coder: none for me, then four patterns in turn. */
export function coderPatternClass(mark: CoderMark | undefined): string {
  if (!mark || mark.index === 0) return '';
  return `coder-pattern-${((mark.index - 1) % 4) + 1}`;
}

export interface CoderLayer {
  /** The coders are known (or could not be asked): what to show is decided. */
  ready: boolean;
  /** The project's coders, me first; empty until known. */
  coders: readonly CoderMark[];
  /** Per coder guid. */
  byGuid: ReadonlyMap<string, CoderMark>;
  me: string | null;
  /** More than one coder: the layers are worth offering. */
  multiple: boolean;
  /** The layer in effect: blind mode means `mine`; a coder no longer in the project means `all`. */
  layer: LayerChoice;
  blind: boolean;
  /** True when only some coders' codings are shown (counts must be recomputed for them). */
  filtered: boolean;
  /** Whether a coding by `coder` is shown in the current layer. */
  shows(coder: string): boolean;
  setLayer(layer: LayerChoice): void;
  setBlind(on: boolean): void;
  /** Mine → each co-coder → all → mine (the L key). */
  cycleLayer(): void;
}

export function layerLabel(layer: LayerChoice, byGuid: ReadonlyMap<string, CoderMark>): string {
  if (layer === 'mine') return 'My codings';
  if (layer === 'all') return 'All coders';
  return byGuid.get(layer)?.name ?? 'A coder';
}

/** Keeps those of `items` whose coder the layer shows; the same array when it shows everyone. */
export function visibleByCoder<T extends { coder: string }>(items: readonly T[], layer: Pick<CoderLayer, 'filtered' | 'shows'>): readonly T[] {
  return layer.filtered ? items.filter((c) => layer.shows(c.coder)) : items;
}

/** A stable text for the coders list: it is refetched after every coding (its counts change). */
const codersSignature = (coders: readonly CoderInfo[]) => coders.map((c) => `${c.guid}\u0001${c.name}\u0001${c.me}`).join('\u0002');

export function useCoderLayer(): CoderLayer {
  const info = useOp('project.info', {});
  const list = useOp('team.coders', {}, { enabled: info.isSuccess });
  const project = info.data?.guid ?? '';
  const prefs = useSyncExternalStore(
    subscribe,
    () => (project ? readPrefs(project) : DEFAULT_PREFS),
    () => DEFAULT_PREFS,
  );

  const signature = codersSignature(list.data ?? []);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the coders' identities, not their counts
  const coders = useMemo<CoderMark[]>(() => (list.data ?? []).map((c, index) => ({ guid: c.guid, name: c.name, initials: coderInitials(c.name), mine: c.me, index })), [signature]);
  const byGuid = useMemo(() => new Map(coders.map((c) => [c.guid, c])), [coders]);
  const me = coders.find((c) => c.mine)?.guid ?? info.data?.user.guid ?? null;
  const multiple = coders.length > 1;

  let layer: LayerChoice = prefs.blind ? 'mine' : prefs.layer;
  if (layer !== 'mine' && layer !== 'all' && coders.length > 0 && !byGuid.has(layer)) layer = 'all';
  if (layer === me) layer = 'mine';
  const filtered = layer !== 'all' && me !== null;

  const shows = useCallback(
    (coder: string) => (layer === 'all' ? true : layer === 'mine' ? coder === me : coder === layer),
    [layer, me],
  );
  const setLayer = useCallback((next: LayerChoice) => project && writePrefs(project, { ...readPrefs(project), layer: next }), [project]);
  const setBlind = useCallback((on: boolean) => project && writePrefs(project, { ...readPrefs(project), blind: on }), [project]);
  const cycleLayer = useCallback(() => {
    if (!project || prefs.blind) return;
    const order: LayerChoice[] = ['mine', ...coders.filter((c) => !c.mine).map((c) => c.guid), 'all'];
    const at = order.indexOf(layer);
    writePrefs(project, { ...prefs, layer: order[(at + 1) % order.length]! });
  }, [project, prefs, coders, layer]);

  const ready = info.isSuccess && !list.isPending;
  return useMemo(
    () => ({ ready, coders, byGuid, me, multiple, layer, blind: prefs.blind, filtered, shows, setLayer, setBlind, cycleLayer }),
    [ready, coders, byGuid, me, multiple, layer, prefs.blind, filtered, shows, setLayer, setBlind, cycleLayer],
  );
}

export interface LayerCounts {
  /** A code's own codings in the layer; `total` (all coders) when nothing is hidden; null while counting. */
  code(guid: string, total: number): number | null;
  /** A document's codings in the layer, likewise. */
  document(guid: string, total: number): number | null;
}

/**
 * Counts of the codings the layer shows. With everyone shown, the totals the lists already carry
 * are right and nothing is asked; otherwise the core counts per coder (`team.codingCounts`), since
 * the codings of every document are not loaded here. While that answer is on its way nothing is
 * shown rather than the totals, so blind mode never flashes others' counts.
 */
export function useLayerCounts(layer: CoderLayer): LayerCounts {
  const counts = useOp('team.codingCounts', {}, { enabled: layer.filtered });
  return useMemo((): LayerCounts => {
    if (!layer.filtered) return { code: (_g, total) => total, document: (_g, total) => total };
    if (!counts.data) return { code: () => null, document: () => null };
    const byCode = new Map<string, number>();
    const byDocument = new Map<string, number>();
    for (const c of counts.data.codes) if (layer.shows(c.coder)) byCode.set(c.code, (byCode.get(c.code) ?? 0) + c.codings);
    for (const d of counts.data.documents) if (layer.shows(d.coder)) byDocument.set(d.document, (byDocument.get(d.document) ?? 0) + d.codings);
    return { code: (g) => byCode.get(g) ?? 0, document: (g) => byDocument.get(g) ?? 0 };
  }, [layer, counts.data]);
}
