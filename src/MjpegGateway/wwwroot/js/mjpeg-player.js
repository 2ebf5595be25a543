// MJPEG player: reads a gateway stream with fetch() (bearer token in the Authorization header, never in the URL),
// parses the multipart body incrementally and draws each newest frame onto a canvas with createImageBitmap.
// One decode at a time and a single "next frame" slot: a tab that falls behind skips to the newest frame
// instead of queueing. Every bitmap is closed after drawing, so memory stays flat over days.
//
//   import { MjpegPlayer } from '/js/mjpeg-player.js';
//   const player = new MjpegPlayer(canvas, { url: '/cameras/lobby/stream', token: () => myToken });
//   player.addEventListener('statechange', () => console.log(player.state));
//   player.start();

import { MultipartParser, boundaryOf } from './multipart-parser.js';

export { MultipartParser, boundaryOf };

/** The states a player reports through `statechange`. */
export const PlayerState = Object.freeze({
  Idle: 'idle',
  Connecting: 'connecting',
  Live: 'live',
  Reconnecting: 'reconnecting',
  /** 429 or 503 from the gateway (camera unavailable, limits): retried after Retry-After. */
  Unavailable: 'unavailable',
  /** 401: the token is missing, invalid or expired. Not retried. */
  Unauthorized: 'unauthorized',
  /** 403: the token may not see this camera. Not retried. */
  Forbidden: 'forbidden',
  /** 400, 404 and other answers that retrying cannot fix. Not retried. */
  Failed: 'failed',
  /** The page is hidden; resumes when it is shown again. */
  Paused: 'paused',
  Stopped: 'stopped',
});

const Terminal = new Set([PlayerState.Unauthorized, PlayerState.Forbidden, PlayerState.Failed]);

/**
 * Counters over every player of the page, for diagnostics: `bitmapsLive` is the number of decoded frames not yet
 * closed (at most one per player at any moment) and must never grow.
 */
export const playerStats = {
  players: 0,
  bitmapsLive: 0,
  framesReceived: 0,
  framesDrawn: 0,
  framesSkipped: 0,
  decodeErrors: 0,
  connects: 0,
};

const Defaults = Object.freeze({
  /** First retry delay; doubles per failed attempt, with jitter. */
  initialRetryMs: 500,
  /** Longest retry delay, and the cap on a server's Retry-After. */
  maxRetryMs: 30_000,
  /**
   * No frame for this long on an open stream (or for three frame intervals, on a slow camera): the stream is
   * considered dead and reconnected.
   */
  stallTimeoutMs: 6_000,
  /** No response headers for this long: the attempt is abandoned (the gateway waits up to 5 s for a first frame). */
  connectTimeoutMs: 15_000,
  /** Streaming this long resets the retry delay to its first value. */
  resetBackoffAfterMs: 10_000,
  /** Stop (Paused) while the page is hidden, resume with a fresh connection when it is shown. */
  pauseWhenHidden: true,
  maxFrameBytes: 16 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
});

const FpsWindowMs = 2_000;
const WatchdogIntervalMs = 1_000;
const StallIntervals = 3;
const MaxFrameIntervalMs = 60_000;

export class MjpegPlayer extends EventTarget {
  #canvas;
  #context;
  #options;
  #state = PlayerState.Idle;
  #wanted = false;
  #attempt = 0;
  #run = 0;
  #abort = null;
  #retryTimer = 0;
  #watchdog = 0;
  #lastFrameAt = 0;
  #frameIntervalMs = 0;
  #liveSince = 0;
  #decoding = false;
  #pending = null;
  #drawnAt = [];
  #problem = null;
  #stats = { framesReceived: 0, framesDrawn: 0, framesSkipped: 0, decodeErrors: 0, connects: 0, width: 0, height: 0 };
  #onVisibility = () => this.#visibilityChanged();
  #onOnline = () => this.#retryNow();

  /**
   * @param {HTMLCanvasElement} canvas where frames are drawn (sized to the camera's picture; scale it with CSS)
   * @param {object} options
   * @param {string | (() => string)} options.url stream URL, e.g. `/cameras/lobby/stream?profile=low`
   * @param {string | null | (() => string | null | Promise<string | null>)} [options.token] bearer token, or a
   *   function asked before every connection (so a refreshed token is used on reconnect)
   */
  constructor(canvas, options) {
    super();
    this.#canvas = canvas;
    this.#context = canvas.getContext('2d', { alpha: false });
    this.#options = { ...Defaults, ...options };
    playerStats.players++;
  }

  /** One of {@link PlayerState}. */
  get state() {
    return this.#state;
  }

  /** Frames drawn per second over the last two seconds. */
  get fps() {
    const now = performance.now();
    while (this.#drawnAt.length > 0 && now - this.#drawnAt[0] > FpsWindowMs) {
      this.#drawnAt.shift();
    }

    return this.#drawnAt.length / (FpsWindowMs / 1000);
  }

  /** The last error answer: `{status, title, detail, retryAfterMs}`, or null. */
  get problem() {
    return this.#problem;
  }

  /** This player's counters, and the picture's size. */
  get stats() {
    return { ...this.#stats };
  }

  /** Starts (or restarts after a terminal state) streaming. */
  start() {
    if (this.#wanted && !Terminal.has(this.#state)) {
      return;
    }

    this.#wanted = true;
    this.#attempt = 0;
    document.addEventListener('visibilitychange', this.#onVisibility);
    window.addEventListener('online', this.#onOnline);
    if (this.#options.pauseWhenHidden && document.hidden) {
      this.#setState(PlayerState.Paused);
      return;
    }

    this.#setState(PlayerState.Connecting);
    this.#connect();
  }

  /** Stops streaming and retrying. The last frame stays on the canvas. */
  stop() {
    this.#wanted = false;
    this.#halt();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    window.removeEventListener('online', this.#onOnline);
    this.#setState(PlayerState.Stopped);
  }

  /** Stops for good and forgets the player in {@link playerStats}. */
  dispose() {
    this.stop();
    playerStats.players--;
  }

  #halt() {
    this.#run++;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#watchdog);
    this.#abort?.abort();
    this.#abort = null;
    this.#pending = null;
  }

  #visibilityChanged() {
    if (!this.#wanted || !this.#options.pauseWhenHidden || Terminal.has(this.#state)) {
      return;
    }

    if (document.hidden) {
      // A hidden tab draws nothing; keeping the stream would only spend the camera's and the network's capacity.
      this.#halt();
      this.#setState(PlayerState.Paused);
    } else if (this.#state === PlayerState.Paused) {
      this.#attempt = 0;
      this.#setState(PlayerState.Connecting);
      this.#connect();
    }
  }

  #retryNow() {
    if (this.#wanted && (this.#state === PlayerState.Reconnecting || this.#state === PlayerState.Unavailable) && !this.#abort) {
      clearTimeout(this.#retryTimer);
      this.#connect();
    }
  }

  async #connect() {
    const run = ++this.#run;
    const abort = new AbortController();
    this.#abort = abort;
    this.#stats.connects++;
    playerStats.connects++;
    const connectTimer = setTimeout(() => abort.abort(), this.#options.connectTimeoutMs);
    let response;
    try {
      const headers = { Accept: 'multipart/x-mixed-replace' };
      const token = await this.#token();
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }

      response = await fetch(this.#url(), { headers, cache: 'no-store', signal: abort.signal });
    } catch {
      clearTimeout(connectTimer);
      if (run === this.#run) {
        this.#fail(PlayerState.Reconnecting, null);
      }

      return;
    } finally {
      clearTimeout(connectTimer);
    }

    if (run !== this.#run) {
      abort.abort();
      return;
    }

    if (!response.ok) {
      const problem = await readProblem(response);
      if (run === this.#run) {
        this.#refused(problem);
      }

      return;
    }

    const boundary = boundaryOf(response.headers.get('Content-Type'));
    if (!boundary || !response.body) {
      abort.abort();
      this.#problem = { status: response.status, title: 'Not an MJPEG stream', detail: response.headers.get('Content-Type') ?? '', retryAfterMs: 0 };
      this.#fail(PlayerState.Failed, this.#problem);
      return;
    }

    await this.#read(run, abort, response.body.getReader(), new MultipartParser(boundary, this.#options));
  }

  async #read(run, abort, reader, parser) {
    let previousFrameAt = 0;
    this.#lastFrameAt = performance.now();
    // Local as well as on the instance: this run's cleanup must not clear a newer run's watchdog.
    const watchdog = setInterval(() => {
      if (performance.now() - this.#lastFrameAt > Math.max(this.#options.stallTimeoutMs, StallIntervals * this.#frameIntervalMs)) {
        abort.abort();
      }
    }, WatchdogIntervalMs);
    this.#watchdog = watchdog;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || run !== this.#run) {
          break;
        }

        const { count, latest } = parser.push(value);
        if (count > 0) {
          const now = performance.now();
          if (previousFrameAt > 0) {
            // Smoothed frame interval (between frames, not the connection's wait), so a 0.2 fps camera is not taken for a dead one.
            const interval = Math.min(now - previousFrameAt, MaxFrameIntervalMs);
            this.#frameIntervalMs = this.#frameIntervalMs === 0 ? interval : 0.9 * this.#frameIntervalMs + 0.1 * interval;
          }

          previousFrameAt = now;
          this.#lastFrameAt = now;
          this.#stats.framesReceived += count;
          playerStats.framesReceived += count;
          this.#stats.framesSkipped += count - 1;
          playerStats.framesSkipped += count - 1;
          this.#offer(latest, run);
        }

        if (parser.ended) {
          break;
        }
      }
    } catch {
      // Aborted (stall, stop, hidden page) or the connection broke: handled below.
    } finally {
      clearInterval(watchdog);
      reader.cancel().catch(() => {});
    }

    if (run === this.#run) {
      // The gateway ends a stream when the token expires or it shuts down: reconnecting finds out which.
      this.#fail(PlayerState.Reconnecting, null);
    }
  }

  #offer(jpeg, run) {
    if (this.#decoding) {
      if (this.#pending) {
        this.#stats.framesSkipped++;
        playerStats.framesSkipped++;
      }

      this.#pending = jpeg;
      return;
    }

    this.#decode(jpeg, run);
  }

  async #decode(jpeg, run) {
    this.#decoding = true;
    try {
      for (let next = jpeg; next && run === this.#run; next = this.#takePending()) {
        let bitmap;
        try {
          bitmap = await createImageBitmap(new Blob([next], { type: 'image/jpeg' }));
        } catch {
          this.#stats.decodeErrors++;
          playerStats.decodeErrors++;
          continue;
        }

        playerStats.bitmapsLive++;
        try {
          if (run === this.#run) {
            this.#draw(bitmap);
          }
        } finally {
          bitmap.close();
          playerStats.bitmapsLive--;
        }
      }
    } finally {
      this.#decoding = false;
      this.#pending = null;
    }
  }

  #takePending() {
    const next = this.#pending;
    this.#pending = null;
    return next;
  }

  #draw(bitmap) {
    if (this.#canvas.width !== bitmap.width || this.#canvas.height !== bitmap.height) {
      this.#canvas.width = bitmap.width;
      this.#canvas.height = bitmap.height;
      this.#stats.width = bitmap.width;
      this.#stats.height = bitmap.height;
    }

    this.#context.drawImage(bitmap, 0, 0);
    this.#stats.framesDrawn++;
    playerStats.framesDrawn++;
    const now = performance.now();
    this.#drawnAt.push(now);
    if (this.#drawnAt.length > 240) {
      this.#drawnAt.splice(0, this.#drawnAt.length - 240);
    }

    if (this.#state !== PlayerState.Live) {
      this.#liveSince = now;
      this.#problem = null;
      this.#setState(PlayerState.Live);
    }
  }

  #refused(problem) {
    this.#problem = problem;
    switch (problem.status) {
      case 401:
        this.#fail(PlayerState.Unauthorized, problem);
        break;
      case 403:
        this.#fail(PlayerState.Forbidden, problem);
        break;
      case 408:
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        this.#fail(PlayerState.Unavailable, problem);
        break;
      default:
        this.#fail(PlayerState.Failed, problem);
        break;
    }
  }

  // Ends the current attempt and, unless the state is terminal, schedules the next one.
  #fail(state, problem) {
    this.#halt();
    const now = performance.now();
    if (this.#liveSince > 0 && now - this.#liveSince >= this.#options.resetBackoffAfterMs) {
      this.#attempt = 0;
    }

    this.#liveSince = 0;
    this.#setState(state);
    if (Terminal.has(state) || !this.#wanted) {
      return;
    }

    const exponential = Math.min(this.#options.maxRetryMs, this.#options.initialRetryMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 16);
    // Half fixed, half random: viewers of one camera that failed together do not come back together.
    let delay = exponential / 2 + Math.random() * exponential / 2;
    if (problem?.retryAfterMs > 0) {
      delay = Math.max(delay, Math.min(problem.retryAfterMs, this.#options.maxRetryMs));
    }

    const run = this.#run;
    this.#retryTimer = setTimeout(() => {
      if (run === this.#run && this.#wanted) {
        this.#connect();
      }
    }, delay);
  }

  #setState(state) {
    if (this.#state === state) {
      return;
    }

    this.#state = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { state, problem: this.#problem } }));
  }

  #url() {
    return typeof this.#options.url === 'function' ? this.#options.url() : this.#options.url;
  }

  async #token() {
    const token = this.#options.token;
    return typeof token === 'function' ? await token() : token;
  }
}

/** Reads an error answer (RFC 9457 problem details when the gateway sent them) and its Retry-After. */
export async function readProblem(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: status and headers still tell enough.
  }

  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    status: response.status,
    title: typeof body?.title === 'string' ? body.title : response.statusText,
    detail: typeof body?.detail === 'string' ? body.detail : '',
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0,
  };
}
