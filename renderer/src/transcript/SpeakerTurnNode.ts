/**
 * A speaker turn of the transcript: a block whose DOM has a header (speaker, role, time) that is
 * not part of the text, and a body holding the turn's text as Lexical children. The header is
 * outside Lexical's model, so a turn's text content is exactly `text.slice(turn.start, turn.end)`
 * and document offsets are the turn's start plus the text sizes before a point.
 *
 * A turn far from the screen is a placeholder (not live, see ./turn-window.ts): no children, and
 * a DOM of the block and its empty body only, given its height by the view. Becoming live or a
 * placeholder changes that same element in place (header and gutter added or taken away), so
 * what the pane put on the block (the current turn, a filter, a memo flag) stays on it.
 */
import {
  $applyNodeReplacement,
  setDOMUnmanaged,
  ElementNode,
  type ElementDOMSlot,
  type LexicalNode,
  type NodeKey,
  type SerializedElementNode,
  type Spread,
} from 'lexical';
import type { SpeakerRole } from '../../../shared/types';
import { formatTime, ROLE_LABEL, speakerColor } from './format';

/** What a turn block shows; it never changes while the document is open. */
export interface TurnData {
  guid: string;
  index: number;
  /** Document offsets of what was said. */
  start: number;
  end: number;
  speaker: { label: string; role: SpeakerRole } | null;
  time: number | null;
}

export type SerializedSpeakerTurnNode = Spread<{ turn: TurnData; live?: boolean }, SerializedElementNode>;

const EMPTY_TURN: TurnData = { guid: '', index: 0, start: 0, end: 0, speaker: null, time: null };

export class SpeakerTurnNode extends ElementNode {
  __turn: TurnData;
  /** Whether the turn holds its text (and marks); else it is an empty placeholder. */
  __live: boolean;

  static override getType(): string {
    return 'speaker-turn';
  }

  static override clone(node: SpeakerTurnNode): SpeakerTurnNode {
    return new SpeakerTurnNode(node.__turn, node.__live, node.__key);
  }

  static override importJSON(json: SerializedSpeakerTurnNode): SpeakerTurnNode {
    return $createSpeakerTurnNode(json.turn, json.live ?? true).updateFromJSON(json);
  }

  constructor(turn: TurnData = EMPTY_TURN, live = true, key?: NodeKey) {
    super(key);
    this.__turn = turn;
    this.__live = live;
  }

  override exportJSON(): SerializedSpeakerTurnNode {
    return { ...super.exportJSON(), turn: this.__turn, live: this.__live };
  }

  getTurn(): TurnData {
    return this.getLatest().__turn;
  }

  isLive(): boolean {
    return this.getLatest().__live;
  }

  /**
   * A new start time (set by hand while the recording plays): the one part of a turn's data that
   * changes while the document is open. Its header shows it at once when the turn is live.
   */
  setTime(time: number | null): this {
    const self = this.getWritable();
    self.__turn = { ...self.__turn, time };
    return self;
  }

  /** Marks the turn live or a placeholder; its children are the caller's (see marks.ts). */
  setLive(live: boolean): this {
    const self = this.getWritable();
    self.__live = live;
    return self;
  }

  override createDOM(): HTMLElement {
    const turn = this.__turn;
    const dom = document.createElement('div');
    dom.className = turn.speaker ? `turn turn--${turn.speaker.role}` : 'turn turn--front-matter';
    dom.dataset.testid = 'turn';
    dom.dataset.turn = turn.guid;
    dom.dataset.index = String(turn.index);
    if (turn.speaker) {
      dom.dataset.speaker = turn.speaker.label;
      dom.style.setProperty('--speaker-color', speakerColor(turn.speaker.label));
    }
    const body = document.createElement('div');
    body.className = 'turn-body';
    dom.append(body);
    if (this.__live) this.dressDOM(dom);
    else dom.classList.add('turn--placeholder');
    return dom;
  }

  /** Adds what a live turn shows around its text: the header, and the gutter for the stripes. */
  private dressDOM(dom: HTMLElement): void {
    const turn = this.__turn;
    const body = dom.querySelector<HTMLElement>(':scope > .turn-body')!;
    if (turn.speaker) {
      const header = document.createElement('div');
      header.className = 'turn-header';
      header.contentEditable = 'false';
      const name = document.createElement('span');
      name.className = 'turn-speaker';
      name.textContent = turn.speaker.label;
      const role = document.createElement('span');
      role.className = `role-badge role-badge--${turn.speaker.role}`;
      role.textContent = ROLE_LABEL[turn.speaker.role];
      header.append(name, role);
      if (turn.time !== null) header.append(timeElement(turn.time));
      const memo = document.createElement('button');
      memo.type = 'button';
      memo.className = 'turn-memo-button';
      memo.dataset.action = 'turn-memo';
      memo.tabIndex = -1;
      memo.title = 'Memo on this turn (M)';
      memo.textContent = 'Memo';
      header.append(memo);
      body.before(header);
    }
    // The turn's part of the coding stripes, drawn by the transcript view (outside the model).
    const gutter = document.createElement('div');
    gutter.className = 'turn-gutter';
    gutter.contentEditable = 'false';
    // Drawn into after Lexical rendered the turn: its mutation observer must leave it alone.
    setDOMUnmanaged(gutter);
    body.after(gutter);
  }

  override updateDOM(prevNode: this, dom: HTMLElement): boolean {
    // A turn's data is fixed for the life of the view but for its time; its children change, and
    // whether it is live. The element is kept either way (runs before Lexical reconciles the
    // children, which live in the body, and the body stays).
    const header = dom.querySelector<HTMLElement>(':scope > .turn-header');
    if (prevNode.__live === this.__live && header && prevNode.__turn.time !== this.__turn.time) {
      const time = this.__turn.time;
      const old = header.querySelector(':scope > .turn-time');
      if (time === null) old?.remove();
      else if (old) old.replaceWith(timeElement(time));
      else header.querySelector(':scope > .turn-memo-button')?.before(timeElement(time));
    }
    if (prevNode.__live !== this.__live) {
      if (this.__live) {
        dom.classList.remove('turn--placeholder');
        this.dressDOM(dom);
      } else {
        dom.classList.add('turn--placeholder');
        dom.querySelector(':scope > .turn-header')?.remove();
        dom.querySelector(':scope > .turn-gutter')?.remove();
      }
    }
    return false;
  }

  override getDOMSlot(element: HTMLElement): ElementDOMSlot<HTMLElement> {
    const body = element.querySelector<HTMLElement>(':scope > .turn-body');
    const slot = super.getDOMSlot(element);
    return body ? slot.withElement(body) : slot;
  }

  override canBeEmpty(): boolean {
    return true;
  }

  override isInline(): false {
    return false;
  }
}

/** A turn's start time in its header; a click on it plays the recording from there (media/). */
function timeElement(seconds: number): HTMLElement {
  const time = document.createElement('time');
  time.className = 'turn-time';
  time.textContent = formatTime(seconds);
  time.dateTime = `PT${Math.floor(seconds)}S`;
  time.dataset.action = 'play-from';
  time.dataset.testid = 'turn-time';
  return time;
}

export function $createSpeakerTurnNode(turn: TurnData, live = true): SpeakerTurnNode {
  return $applyNodeReplacement(new SpeakerTurnNode(turn, live));
}

export function $isSpeakerTurnNode(node: LexicalNode | null | undefined): node is SpeakerTurnNode {
  return node instanceof SpeakerTurnNode;
}

/** The turn block a node lies in (itself, when it is one). */
export function $turnOf(node: LexicalNode | null): SpeakerTurnNode | null {
  let n: LexicalNode | null = node;
  while (n && !$isSpeakerTurnNode(n)) n = n.getParent();
  return n;
}
