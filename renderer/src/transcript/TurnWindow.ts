/**
 * The transcript's window, in the page: it keeps the turns on and near the screen live (text and
 * marks in the Lexical model, so in the DOM) and the others as placeholders of their height, as
 * decided by ./turn-window.ts. Three IntersectionObservers on the turn blocks, rooted at the
 * scrolling pane, say which turns are on the screen, within `near` and within `keep` screens; on
 * each of their reports the window materialises the placeholders on the screen at once, those
 * near it in short tasks after (nearest first), and releases the live turns that went far. Anything that must show a passage off screen (a jump to a coding, a search hit,
 * keyboard moves) calls `reveal` first, which materialises its turns at once (a discrete Lexical
 * update), so the caller can select and scroll to it in the same task.
 *
 * A placeholder's height is the height the turn had when it was last live, else an estimate from
 * its text and metrics measured from the live turns; a browser's scroll anchoring absorbs the
 * difference when an estimated turn above the reader is materialised.
 */
import { $getNodeByKey, SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG, type LexicalEditor } from 'lexical';
import { $materialiseTurns, $releaseTurns, type CodingSpan } from './marks';
import type { Span } from './offsets';
import { $isSpeakerTurnNode, SpeakerTurnNode, type TurnData } from './SpeakerTurnNode';
import {
  DEFAULT_METRICS,
  estimateTurnHeight,
  keepsWhole,
  leadingTurns,
  metricsFrom,
  nextBatch,
  nextRelease,
  planWindow,
  turnsOf,
  turnsToReveal,
  WINDOW_POLICY,
  type TextMetrics,
} from './turn-window';

/** Releases wait this long after the report that asked for them (see `update`). */
const RELEASE_DELAY_MS = 60;

export interface WindowChange {
  materialised: readonly number[];
  released: readonly number[];
}

/** The nearest ancestor that scrolls vertically: the IntersectionObservers' root. */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay') return p;
  }
  return null;
}

/** The average width of a character of `sample` in the font of `el`. */
function charWidth(el: HTMLElement, sample: string): number | null {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx || !sample) return null;
  const cs = getComputedStyle(el);
  ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  const w = ctx.measureText(sample).width;
  return w > 0 ? w / sample.length : null;
}

export class TurnWindow {
  /** Short transcripts are never windowed: every turn is live from the start. */
  readonly whole: boolean;
  /** The turns live in the editor state as it is first built (the top of the transcript). */
  readonly initialLive: ReadonlySet<number>;
  private readonly live: Set<number>;
  private readonly near = new Set<number>();
  private readonly kept = new Set<number>();
  private readonly onScreen = new Set<number>();
  private seen = { near: false, kept: false, screen: false };
  private readonly pins = new Map<string, Set<number>>();
  /**
   * Turns just revealed: kept live until the observers have reported on the page as it is after
   * the reveal (and the scroll that usually follows it), or they would be released at once.
   */
  private readonly fresh = new Set<number>();
  private freshFrame = 0;
  private readonly heights: number[];
  private readonly measured: boolean[];
  /** The last height the observers saw of each live turn. */
  private readonly liveHeights = new Map<number, number>();
  private releaseTask = 0;
  /** The task materialising the next batch of turns near the screen. */
  private batchTask = 0;
  /** The task handling the observers' reports of the last frame. */
  private updateTask = 0;
  private startTask = 0;
  private metrics: TextMetrics = DEFAULT_METRICS;
  private calibrated = false;
  private width = 0;
  private editor: LexicalEditor | null = null;
  private keys: readonly string[] = [];
  private scroller: HTMLElement | null = null;
  private readonly listeners = new Set<(change: WindowChange) => void>();
  private codings: () => Iterable<CodingSpan> = () => [];

  constructor(
    private readonly text: string,
    private readonly turns: readonly TurnData[],
    viewportHeight: number,
  ) {
    this.whole = keepsWhole(text.length);
    this.heights = turns.map((t) => this.estimate(t));
    this.measured = turns.map(() => false);
    const count = this.whole ? turns.length : leadingTurns(this.heights, viewportHeight * (1 + WINDOW_POLICY.near));
    this.live = new Set(Array.from({ length: count }, (_, i) => i));
    this.initialLive = new Set(this.live);
  }

  isLive(index: number): boolean {
    return this.live.has(index);
  }

  /** The turns live now. */
  liveTurns(): Iterable<number> {
    return this.live;
  }

  /** Called after each change of the window, with the turns that changed. */
  onChange(listener: (change: WindowChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts watching the turn blocks of `editor` (`keys`: their Lexical keys, in order).
   * `codings` gives the codings the view shows at the moment a turn is materialised.
   */
  attach(editor: LexicalEditor, keys: readonly string[], codings: () => Iterable<CodingSpan>): () => void {
    this.editor = editor;
    this.keys = keys;
    this.codings = codings;
    const root = editor.getRootElement();
    if (this.whole || !root) {
      return () => {
        this.editor = null;
      };
    }
    const indexOf = (el: Element) => Number((el as HTMLElement).dataset.index);
    const track = (set: Set<number>, which: 'near' | 'kept' | 'screen') => (entries: IntersectionObserverEntry[]) => {
      for (const e of entries) {
        const i = indexOf(e.target);
        if (e.isIntersecting) set.add(i);
        else set.delete(i);
        // The height a live turn has, measured by the observer: what it keeps when released,
        // without a layout read of our own.
        if (this.live.has(i) && e.boundingClientRect.height > 0) this.liveHeights.set(i, e.boundingClientRect.height);
      }
      this.seen[which] = true;
      // The observers' reports of a frame are handled together in one task after them, between
      // that frame and the next: the layout is still clean (a Lexical update reads the DOM
      // selection, which lays the page out first when it is not), and the turns built are laid
      // out and painted by the next frame. Built at the start of the next frame instead (in a
      // requestAnimationFrame callback), the text showed in the same frame, but a jump of a screen
      // paid for building the turns and laying them out in one task of over 50 ms.
      if (!this.updateTask) {
        this.updateTask = window.setTimeout(() => {
          this.updateTask = 0;
          if (!this.calibrated) this.calibrate();
          this.update();
        }, 0);
      }
    };
    let screen: IntersectionObserver | null = null;
    let near: IntersectionObserver | null = null;
    let kept: IntersectionObserver | null = null;
    // A new column width re-wraps every turn: the heights of placeholders are estimated again.
    const resize = new ResizeObserver(() => {
      const w = root.clientWidth;
      if (w === this.width) return;
      if (this.width !== 0) {
        this.measured.fill(false);
        this.liveHeights.clear();
      }
      this.width = w;
      this.calibrate();
    });
    const blocks: HTMLElement[] = [];
    const unregister = editor.registerMutationListener(SpeakerTurnNode, (mutations) => {
      for (const [key, mutation] of mutations) {
        if (mutation !== 'created') continue;
        const el = editor.getElementByKey(key);
        if (!el) continue;
        // Before the first frame: the page is laid out with every placeholder at its height.
        if (!this.live.has(indexOf(el))) el.style.height = `${this.heights[indexOf(el)]}px`;
        blocks.push(el);
        screen?.observe(el);
        near?.observe(el);
        kept?.observe(el);
      }
    });
    // The observers start after the first frame: opening paints the top of the transcript (live
    // from the start) before anything else.
    let frame = requestAnimationFrame(() => {
      frame = 0;
      this.startTask = window.setTimeout(() => {
        this.startTask = 0;
        this.scroller = scrollParent(root);
        const options = (screens: number): IntersectionObserverInit => ({ root: this.scroller, rootMargin: `${screens * 100}% 0px` });
        screen = new IntersectionObserver(track(this.onScreen, 'screen'), options(0));
        near = new IntersectionObserver(track(this.near, 'near'), options(WINDOW_POLICY.near));
        kept = new IntersectionObserver(track(this.kept, 'kept'), options(WINDOW_POLICY.keep));
        for (const el of blocks) {
          screen.observe(el);
          near.observe(el);
          kept.observe(el);
        }
        resize.observe(root);
      }, 0);
    });
    return () => {
      unregister();
      if (frame) cancelAnimationFrame(frame);
      if (this.startTask) window.clearTimeout(this.startTask);
      this.startTask = 0;
      screen?.disconnect();
      near?.disconnect();
      kept?.disconnect();
      resize.disconnect();
      if (this.freshFrame) cancelAnimationFrame(this.freshFrame);
      if (this.releaseTask) window.clearTimeout(this.releaseTask);
      if (this.batchTask) window.clearTimeout(this.batchTask);
      if (this.updateTask) window.clearTimeout(this.updateTask);
      this.releaseTask = 0;
      this.batchTask = 0;
      this.updateTask = 0;
      this.editor = null;
    };
  }

  /** Keeps the turns of `spans` live while they are pinned under `name` (an empty list unpins). */
  pin(name: string, spans: readonly Span[]): void {
    if (spans.length === 0) this.pins.delete(name);
    else this.pins.set(name, turnsOf(this.turns, spans));
  }

  /**
   * Materialises the turns of `span` and those around it (a screen's worth on either side) now,
   * so that it can be selected and scrolled to in the same task. They stay live until the
   * observers have reported on the page after it.
   */
  reveal(span: Span): void {
    if (this.whole || !this.editor) return;
    const screen = this.scroller?.clientHeight || window.innerHeight;
    const range = turnsToReveal(this.turns, this.heights, span, screen * WINDOW_POLICY.near);
    if (!range) return;
    const wanted: number[] = [];
    for (let i = range.first; i <= range.last; i++) {
      this.fresh.add(i);
      if (!this.live.has(i)) wanted.push(i);
    }
    this.apply(wanted, []);
    // Two frames: the observers' report on the page after the reveal comes after the first.
    if (this.freshFrame) cancelAnimationFrame(this.freshFrame);
    this.freshFrame = requestAnimationFrame(() => {
      this.freshFrame = requestAnimationFrame(() => {
        this.freshFrame = 0;
        this.fresh.clear();
        this.update();
      });
    });
  }

  /**
   * Brings the live turns in line with what the observers report: turns on the screen first,
   * a few per task, then turns near it a batch per task (planned again in each, as the reader may have moved on),
   * releases in tasks of their own a moment later (a fast scroll then only pays for the text it
   * brings, and several reports' releases go together), a batch per task.
   */
  private update(): void {
    const plan = this.plan();
    if (!plan) return;
    const batch = nextBatch(plan.materialise, this.onScreen, WINDOW_POLICY);
    this.apply(batch.now, []);
    if (batch.more && !this.batchTask) {
      this.batchTask = window.setTimeout(() => {
        this.batchTask = 0;
        this.update();
      }, 0);
    }
    if (plan.release.length > 0 && !this.releaseTask) this.scheduleRelease(RELEASE_DELAY_MS);
  }

  /** Releases the turns gone far, a batch per task (planned again in each), after `delay` ms. */
  private scheduleRelease(delay: number): void {
    this.releaseTask = window.setTimeout(() => {
      this.releaseTask = 0;
      const later = this.plan();
      if (!later) return;
      const batch = nextRelease(later.release, this.onScreen, WINDOW_POLICY);
      this.apply([], batch.now);
      if (batch.more) this.scheduleRelease(0);
    }, delay);
  }

  private plan(): { materialise: number[]; release: number[] } | null {
    if (!this.seen.near || !this.seen.kept || !this.seen.screen || !this.editor) return null;
    const pinned = new Set(this.fresh);
    for (const set of this.pins.values()) for (const i of set) pinned.add(i);
    return planWindow({ live: this.live, near: this.near, kept: this.kept, pinned });
  }

  private element(index: number): HTMLElement | null {
    const key = this.keys[index];
    return key && this.editor ? this.editor.getElementByKey(key) : null;
  }

  private apply(materialise: readonly number[], release: readonly number[]): void {
    const editor = this.editor;
    if (!editor || (materialise.length === 0 && release.length === 0)) return;
    // The height a released turn keeps: as the observers last saw it (a turn hidden by a filter
    // is not seen: it keeps what was known).
    for (const i of release) {
      const h = this.liveHeights.get(i);
      if (h !== undefined) {
        this.heights[i] = h;
        this.measured[i] = true;
      }
      this.liveHeights.delete(i);
    }
    const node = (i: number): SpeakerTurnNode | null => {
      const n = this.keys[i] ? $getNodeByKey(this.keys[i]) : null;
      return $isSpeakerTurnNode(n) ? n : null;
    };
    editor.update(
      () => {
        $releaseTurns(release, node);
        $materialiseTurns(this.text, this.turns, materialise, node, this.codings());
      },
      // Discrete: a reveal's caller selects in the new DOM right after. The DOM selection is the reader's.
      { discrete: true, tag: [SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
    );
    for (const i of release) {
      this.live.delete(i);
      const el = this.element(i);
      if (el) el.style.height = `${this.heights[i]}px`;
    }
    for (const i of materialise) {
      this.live.add(i);
      this.element(i)?.style.removeProperty('height');
    }
    const change = { materialised: materialise, released: release };
    for (const listener of this.listeners) listener(change);
  }

  private estimate(turn: TurnData): number {
    return estimateTurnHeight(this.text.slice(turn.start, turn.end), turn.speaker !== null, this.metrics);
  }

  /**
   * Measures the text metrics from the live turns (the column's width, the font) and gives every
   * placeholder never measured an estimate from them.
   */
  private calibrate(): void {
    let headedEl: HTMLElement | null = null;
    let bareEl: HTMLElement | null = null;
    for (const i of this.live) {
      const t = this.turns[i]!;
      if (t.end - t.start < 40) continue;
      if (t.speaker && !headedEl) headedEl = this.element(i);
      if (!t.speaker && !bareEl) bareEl = this.element(i);
      if (headedEl && bareEl) break;
    }
    const body = headedEl?.querySelector<HTMLElement>(':scope > .turn-body');
    if (!headedEl || !body || body.clientWidth === 0) return;
    const cs = getComputedStyle(body);
    const lineHeight = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.2;
    const sample = this.text.slice(0, 4000).replace(/\s+/g, ' ');
    const cw = charWidth(body, sample);
    if (!cw) return;
    const headed = headedEl.offsetHeight - body.offsetHeight;
    const bareBody = bareEl?.querySelector<HTMLElement>(':scope > .turn-body');
    const bare = bareEl && bareBody ? bareEl.offsetHeight - bareBody.offsetHeight : Math.max(0, headed - DEFAULT_METRICS.headed + DEFAULT_METRICS.bare);
    this.metrics = metricsFrom(body.clientWidth, lineHeight, cw, headed, bare);
    this.calibrated = true;
    this.turns.forEach((t, i) => {
      if (this.measured[i]) return;
      const h = this.estimate(t);
      if (h === this.heights[i]) return;
      this.heights[i] = h;
      if (!this.live.has(i)) {
        const el = this.element(i);
        if (el) el.style.height = `${h}px`;
      }
    });
  }
}
