/**
 * The recording of the open transcript, above it: link one (or find a moved one again), play it,
 * and keep the transcript in step — the turn being spoken is highlighted and scrolled to, a click
 * on a turn's time plays from there, and a turn without a time gets one with a key while it plays.
 *
 * Which turn is spoken when is `TurnClock` (shared/media.ts); the bytes come from `recordingUrl`
 * (api/media.ts). The panel touches the transcript only through the view's handle and a class on
 * turn blocks, as the pane does for the current turn.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { ChorusError, ErrorCode } from '../../../shared/errors';
import { nextPlaybackRate, TurnClock, type MediaStatus } from '../../../shared/media';
import { subscribe, useCommand, useOp } from '../api';
import { recordingUrl } from '../api/media';
import { typingInField } from '../components/history';
import { showError, showToast } from '../components/toasts';
import { formatTime } from '../transcript/format';
import type { TurnData } from '../transcript/SpeakerTurnNode';
import type { TranscriptHandle } from '../transcript/TranscriptView';
import { BACK_SECONDS } from './keys';
import './media.css';

export function MediaPanel({
  documentGuid,
  turns,
  view,
  scroller,
  currentTurn,
  onCurrentTurn,
}: {
  documentGuid: string;
  /** The turns as the view shows them, in document order, with their (possibly new) times. */
  turns: readonly TurnData[];
  view: RefObject<TranscriptHandle | null>;
  scroller: RefObject<HTMLElement | null>;
  /** The turn the keyboard works on (the pane's current turn). */
  currentTurn: () => number;
  onCurrentTurn: (index: number) => void;
}) {
  const status = useOp('media.get', { document: documentGuid });
  const [choosing, setChoosing] = useState(false);
  // A recording picked in the desktop's File menu (a native dialog) is linked to this transcript.
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== 'request' || event.action !== 'link-recording') return;
        setPicked(event.path);
        setChoosing(true);
      }),
    [],
  );
  const done = useCallback(() => {
    setChoosing(false);
    setPicked(null);
  }, []);
  // Where no recording may be named (the team server: files are never the page's to name), the
  // panel offers no linking at all.
  const candidates = useOp('media.candidates', {});
  const s = status.data;
  if (!s) return null;
  if (s.state === 'none' && candidates.data?.folder === null) return null;
  if (s.state === 'none' && !choosing) {
    return (
      <section className="media-panel media-panel--empty" aria-label="Recording" data-testid="media-panel">
        <button type="button" className="button button--small button--quiet" onClick={() => setChoosing(true)} data-testid="media-link-button">
          Link a recording…
        </button>
        <span className="muted">Play the audio or video beside the transcript.</span>
      </section>
    );
  }
  if (s.state === 'found' && !choosing) {
    return (
      <Player
        key={s.media!.guid}
        status={s}
        turns={turns}
        view={view}
        scroller={scroller}
        currentTurn={currentTurn}
        onCurrentTurn={onCurrentTurn}
        onChange={() => setChoosing(true)}
        onBroken={() => void status.refetch()}
      />
    );
  }
  return <LinkForm key={picked ?? ''} status={s} picked={picked} onDone={done} />;
}

/** Choosing the recording: one of the files beside the project, or a path typed (desktop, CLI). */
function LinkForm({ status, picked, onDone }: { status: MediaStatus; picked: string | null; onDone: () => void }) {
  const candidates = useOp('media.candidates', {});
  const [path, setPath] = useState('');
  const [conflict, setConflict] = useState<{ path: string; message: string } | null>(null);
  const relocating = status.state === 'missing' || status.state === 'changed';
  const link = useCommand('media.link', { onSuccess: onDone });
  const relocate = useCommand('media.relocate', { onSuccess: onDone });
  const busy = link.isPending || relocate.isPending;
  const choose = (file: string, replace = false) => {
    setConflict(null);
    const onError = (e: ChorusError) => {
      if (e.code === ErrorCode.CONFLICT) setConflict({ path: file, message: e.message });
      else showError(e);
    };
    if (relocating) relocate.mutate({ document: status.document, path: file, replace }, { onError });
    else link.mutate({ document: status.document, path: file }, { onError });
  };
  const files = candidates.data?.files ?? [];
  const pickedOnce = useRef(false);
  useEffect(() => {
    if (!picked || pickedOnce.current) return;
    pickedOnce.current = true;
    choose(picked);
  });
  return (
    <section className={`media-panel media-panel--form${relocating ? ' media-panel--warning' : ''}`} aria-label="Recording" data-testid="media-panel">
      {relocating ? (
        <p className="media-message" role="alert" data-testid="media-message">
          {status.message}
        </p>
      ) : (
        <p className="media-message">Link the recording of this session. It stays where it is; Chorus remembers where, and notices if it moves.</p>
      )}
      {files.length > 0 ? (
        <ul className="media-candidates" aria-label={`Recordings in ${candidates.data?.folder ?? 'the project folder'}`}>
          {files.map((f) => (
            <li key={f.path}>
              <button type="button" className="button button--small" disabled={busy} onClick={() => choose(f.path)} data-testid="media-candidate">
                {f.name}
              </button>
              <span className="muted"> {(f.size / (1024 * 1024)).toFixed(1)} MB</span>
            </li>
          ))}
        </ul>
      ) : candidates.data ? (
        <p className="muted">No recordings in {candidates.data.folder ?? 'the project folder'}.</p>
      ) : null}
      <form
        className="media-path"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) choose(path.trim());
        }}
      >
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="…or the file’s full path" aria-label="Path of the recording" data-testid="media-path" />
        <button type="submit" className="button button--small button--primary" disabled={busy || !path.trim()}>
          {relocating ? 'Find' : 'Link'}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={onDone}>
          Cancel
        </button>
      </form>
      {conflict ? (
        <div className="media-conflict" role="alert" data-testid="media-conflict">
          <p>{conflict.message}</p>
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => choose(conflict.path, true)}>
            Link this file instead
          </button>
        </div>
      ) : null}
    </section>
  );
}

function Player({
  status,
  turns,
  view,
  scroller,
  currentTurn,
  onCurrentTurn,
  onChange,
  onBroken,
}: {
  status: MediaStatus;
  turns: readonly TurnData[];
  view: RefObject<TranscriptHandle | null>;
  scroller: RefObject<HTMLElement | null>;
  currentTurn: () => number;
  onCurrentTurn: (index: number) => void;
  onChange: () => void;
  /** The player could not load the file: ask again whether it is still where it was. */
  onBroken: () => void;
}) {
  const media = status.media!;
  const element = useRef<HTMLMediaElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(1);
  const [now, setNow] = useState(0);
  const [spoken, setSpoken] = useState(-1);
  const clock = useMemo(() => new TurnClock(turns.map((t) => t.time)), [turns]);
  const unlink = useCommand('media.unlink');
  const setTime = useCommand('media.setTurnTime');

  // The turn being spoken, checked every frame while playing (a binary search: cheap), and on seeks.
  const sync = useCallback(() => {
    const el = element.current;
    if (!el) return;
    // Whole seconds: the display changes once a second, not every frame.
    setNow(Math.floor(el.currentTime));
    setSpoken(clock.turnAt(el.currentTime));
  }, [clock]);
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() {
      sync();
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, sync]);
  useEffect(sync, [sync]);

  // The spoken turn is marked and kept in sight: materialised first when far away (the view
  // holds only the turns near the screen), then scrolled to when it is not on screen.
  useEffect(() => {
    const t = turns[spoken];
    if (!t) return;
    const el = view.current?.turnElement(spoken);
    if (!el) return;
    el.classList.add('turn--playing');
    el.dataset.playing = 'true';
    const box = scroller.current?.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (playing && box && (r.top < box.top + 40 || r.bottom > box.bottom - 40)) {
      view.current?.reveal(t);
      view.current?.turnElement(spoken)?.scrollIntoView({ block: 'center' });
    }
    return () => {
      el.classList.remove('turn--playing');
      delete el.dataset.playing;
    };
    // Scrolls when the spoken turn changes, not on every pause.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spoken, turns, view, scroller]);

  const playFrom = useCallback((seconds: number) => {
    const el = element.current;
    if (!el) return;
    el.currentTime = seconds;
    void el.play().catch(() => {});
  }, []);
  const toggle = useCallback(() => {
    const el = element.current;
    if (!el) return;
    if (el.paused) void el.play().catch(() => {});
    else el.pause();
  }, []);
  const back = useCallback(() => {
    const el = element.current;
    if (el) el.currentTime = Math.max(0, el.currentTime - BACK_SECONDS);
  }, []);
  const cycleRate = useCallback(() => {
    const el = element.current;
    if (!el) return;
    el.playbackRate = nextPlaybackRate(el.playbackRate);
    setRate(el.playbackRate);
  }, []);
  const markTurn = useCallback(
    (clear: boolean) => {
      const el = element.current;
      const index = currentTurn();
      const t = turns[index];
      if (!el || !t) return;
      const time = clear ? null : Math.round(el.currentTime * 100) / 100;
      setTime.mutate(
        { turn: t.guid, time },
        {
          onSuccess: () => {
            showToast('notice', time === null ? `Turn ${index + 1}: time cleared` : `Turn ${index + 1} starts at ${formatTime(time)}`);
            // On to the next turn: pressing I as each speaker begins times the turns in order.
            if (!clear && index + 1 < turns.length) onCurrentTurn(index + 1);
          },
          onError: showError,
        },
      );
    },
    [currentTurn, turns, setTime, onCurrentTurn],
  );

  // A click on a turn's time plays from there.
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const onClick = (e: MouseEvent) => {
      const time = (e.target as Element | null)?.closest?.('[data-action="play-from"]');
      const turn = time?.closest<HTMLElement>('[data-turn]');
      const t = turn ? turns[Number(turn.dataset.index)] : undefined;
      if (!t || t.time === null) return;
      e.preventDefault();
      playFrom(t.time);
    };
    box.addEventListener('click', onClick);
    box.classList.add('has-recording');
    return () => {
      box.removeEventListener('click', onClick);
      box.classList.remove('has-recording');
    };
  }, [scroller, turns, playFrom]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'p' && !e.shiftKey) toggle();
      else if (key === 'b' && !e.shiftKey) back();
      else if (key === 's' && !e.shiftKey) cycleRate();
      else if (key === 'i') markTurn(e.shiftKey);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, back, cycleRate, markTurn]);

  const timed = clock.timed;
  const props = {
    ref: (el: HTMLMediaElement | null) => {
      element.current = el;
    },
    src: recordingUrl(media.guid),
    preload: 'metadata',
    controls: true,
    onPlay: () => setPlaying(true),
    onPause: () => setPlaying(false),
    onEnded: () => setPlaying(false),
    onSeeked: sync,
    onTimeUpdate: sync,
    onError: () => {
      showToast('error', `The recording "${media.name}" could not be played.`);
      onBroken();
    },
    'data-testid': 'media-element',
    'aria-label': `Recording: ${media.name}`,
  } as const;
  return (
    <section className={`media-panel media-panel--${media.kind}`} aria-label="Recording" data-testid="media-panel">
      {media.kind === 'video' ? <video {...props} className="media-element media-element--video" /> : <audio {...props} className="media-element" />}
      <div className="media-controls" role="toolbar" aria-label="Recording controls">
        <button type="button" className="button button--small" onClick={toggle} title="Play / pause (P)" data-testid="media-play">
          {playing ? 'Pause' : 'Play'} <kbd>P</kbd>
        </button>
        <button type="button" className="button button--small button--quiet" onClick={back} title={`Back ${BACK_SECONDS} seconds (B)`}>
          −{BACK_SECONDS} s <kbd>B</kbd>
        </button>
        <button type="button" className="button button--small button--quiet" onClick={cycleRate} title="Playback speed (S)" data-testid="media-rate">
          {rate}× <kbd>S</kbd>
        </button>
        <button type="button" className="button button--small button--quiet" onClick={() => markTurn(false)} title="The current turn starts here (I)" data-testid="media-set-time">
          Turn starts here <kbd>I</kbd>
        </button>
        <span className="media-now" data-testid="media-now">
          {formatTime(now)}
          {spoken >= 0 ? ` · turn ${spoken + 1}` : ''}
        </span>
        <span className="spacer" />
        <span className="media-name" title={media.path}>
          {media.name}
        </span>
        <button type="button" className="button button--small button--quiet" onClick={onChange} title="Link another file, or find this one where it is now">
          Change…
        </button>
        <button type="button" className="button button--small button--quiet" disabled={unlink.isPending} onClick={() => unlink.mutate({ document: status.document }, { onError: showError })} data-testid="media-unlink">
          Unlink
        </button>
      </div>
      {timed ? null : (
        <p className="media-hint muted" data-testid="media-hint">
          No turn of this transcript has a time yet: play the recording, and press <kbd>I</kbd> as each turn begins (<kbd>J</kbd>/<kbd>K</kbd> choose the turn).
        </p>
      )}
    </section>
  );
}
