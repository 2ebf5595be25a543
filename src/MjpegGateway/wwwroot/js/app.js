// The viewer page: sign in with a token (or the demo's button), a grid of every camera the token may see,
// a large view with snapshot download. Every tile is an MjpegPlayer; the page only arranges and labels them.

import { MjpegPlayer, PlayerState, playerStats } from './mjpeg-player.js';
import * as gateway from './gateway-client.js';

// Counters over every player (frames, bitmaps not yet closed), for diagnostics from the console.
window.__mjpegStats = playerStats;

// A grid tile wants the camera's smallest picture; profiles are named by the operator, so go by common names.
const GridProfileNames = ['low', 'sub', 'small', 'grid', 'preview', 'mobile'];
const LabelRefreshMs = 1_000;
const CameraListRefreshMs = 60_000;
const PageTitle = document.title;
// Tile states that mean "you are not seeing this camera" (paused and connecting are expected, not problems).
const ProblemStates = new Set(['reconnecting', 'offline', 'busy', 'unauthorized', 'forbidden', 'failed']);

const byId = (id) => document.getElementById(id);
const tiles = new Map();
let token = null;
let large = null;

function gridProfile(camera) {
  const names = camera.profiles.map((p) => p.name);
  return GridProfileNames.find((name) => names.includes(name)) ?? camera.defaultProfile;
}

// What a person watching needs to tell apart: the player's state, with 503 "camera unavailable" as "offline".
function displayState(player) {
  switch (player.state) {
    case PlayerState.Unavailable:
      return player.problem?.status === 503 && player.problem?.title === 'Camera unavailable' ? 'offline' : 'busy';
    case PlayerState.Stopped:
    case PlayerState.Idle:
      return 'paused';
    default:
      return player.state;
  }
}

function statusText(player) {
  switch (displayState(player)) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return `Live · ${player.fps.toFixed(1)} fps`;
    case 'reconnecting':
      return 'Reconnecting…';
    case 'offline':
      return 'Camera offline · retrying';
    case 'busy':
      return `${player.problem?.title || 'Busy'} · retrying`;
    case 'unauthorized':
      return 'Unauthorized';
    case 'forbidden':
      return 'Not allowed';
    case 'failed':
      return `Error: ${player.problem?.title || 'not a stream'}`;
    case 'paused':
      return 'Paused';
    default:
      return '';
  }
}

function label(element, statusElement, player) {
  const state = displayState(player);
  if (element.dataset.state !== state) {
    element.dataset.state = state;
  }

  statusElement.textContent = statusText(player);
  element.title = player.problem?.detail || '';
}

function refreshLabels() {
  let live = 0;
  let problems = 0;
  for (const tile of tiles.values()) {
    label(tile.element, tile.status, tile.player);
    if (tile.player.state === PlayerState.Live) {
      live++;
    } else if (ProblemStates.has(tile.element.dataset.state)) {
      problems++;
    }
  }

  // Visible from another tab: how many cameras are not showing.
  const title = problems > 0 ? `(${problems} not live) ${PageTitle}` : PageTitle;
  if (document.title !== title) {
    document.title = title;
  }

  if (large) {
    label(byId('large'), byId('large-status'), large.player);
  }

  // The grid's streams are closed on purpose while the large view is open: say so, rather than "0 live".
  const playing = large ? 'paused' : `${live} live`;
  byId('summary').textContent = tiles.size > 0 ? `${tiles.size} camera${tiles.size === 1 ? '' : 's'} · ${playing}` : '';
}

function setSignIn(state, message = '') {
  const section = byId('sign-in');
  section.dataset.state = state;
  section.hidden = state === 'signed-in';
  byId('sign-in-message').textContent = message;
  byId('sign-out').hidden = token === null;
}

function clearGrid() {
  for (const tile of tiles.values()) {
    tile.player.dispose();
  }

  tiles.clear();
  byId('grid').replaceChildren();
  byId('empty').hidden = true;
  refreshLabels();
}

function createTile(camera) {
  const element = byId('tile-template').content.firstElementChild.cloneNode(true);
  element.dataset.camera = camera.id;
  const player = new MjpegPlayer(element.querySelector('canvas'), {
    url: gateway.streamUrl(camera.id, gridProfile(camera)),
    token: () => token,
  });
  const tile = { camera, element, player, status: element.querySelector('.status') };
  nameTile(tile, camera);
  player.addEventListener('statechange', () => onStateChange(tile));
  element.addEventListener('click', () => openLarge(tile.camera));
  return tile;
}

function nameTile(tile, camera) {
  tile.camera = camera;
  tile.element.querySelector('.name').textContent = camera.name || camera.id;
  tile.element.setAttribute('aria-label', `${camera.name || camera.id}: open the large view`);
}

function removeTile(id) {
  const tile = tiles.get(id);
  tile.player.dispose();
  tile.element.remove();
  tiles.delete(id);
}

// Brings the grid in line with the camera list (in the API's order): new cameras get a tile, removed ones lose
// theirs, and the others keep playing undisturbed.
function syncGrid(cameras) {
  const listed = new Set(cameras.map((c) => c.id));
  for (const id of [...tiles.keys()]) {
    if (!listed.has(id)) {
      removeTile(id);
    }
  }

  const grid = byId('grid');
  cameras.forEach((camera, index) => {
    let tile = tiles.get(camera.id);
    if (tile && gridProfile(tile.camera) !== gridProfile(camera)) {
      removeTile(camera.id);
      tile = undefined;
    }

    if (tile) {
      nameTile(tile, camera);
    } else {
      tile = createTile(camera);
      tiles.set(camera.id, tile);
      if (!large) {
        tile.player.start();
      }
    }

    if (grid.children[index] !== tile.element) {
      grid.insertBefore(tile.element, grid.children[index] ?? null);
    }
  });

  byId('empty').hidden = cameras.length > 0;
  refreshLabels();
}

// Cameras come and go with the operator's live configuration; a page left open all day follows.
async function refreshCameras() {
  if (token === null || document.hidden || byId('sign-in').dataset.state === 'unauthorized') {
    return;
  }

  try {
    syncGrid(await gateway.listCameras(token));
  } catch (error) {
    if (error instanceof gateway.GatewayError && error.status === 401) {
      tokenRefused();
    }
    // Anything else: keep the grid; each player reports its own state.
  }
}

function onStateChange(tile) {
  refreshLabels();
  if (tile.player.state === PlayerState.Unauthorized) {
    tokenRefused();
  }
}

// A stream answered 401: the token expired or was revoked. Players have stopped retrying; ask for a new one.
function tokenRefused() {
  if (byId('sign-in').dataset.state === 'unauthorized') {
    return;
  }

  gateway.tokenStore.clear();
  setSignIn('unauthorized', 'The gateway refused the token: it has expired or is not valid. Sign in again.');
}

async function signIn(candidate) {
  setSignIn('checking');
  let cameras;
  try {
    cameras = await gateway.listCameras(candidate);
  } catch (error) {
    if (error instanceof gateway.GatewayError && error.status === 401) {
      gateway.tokenStore.clear();
      setSignIn('unauthorized', 'The gateway refused this token: it is not valid or has expired.');
    } else if (error instanceof gateway.GatewayError && error.status === 403) {
      setSignIn('forbidden', 'This token may not list cameras.');
    } else {
      setSignIn('error', `The camera list could not be loaded: ${error.message}`);
    }

    return;
  }

  token = candidate;
  gateway.tokenStore.set(candidate);
  setSignIn('signed-in');
  clearGrid();
  syncGrid(cameras);
}

function signOut() {
  closeLarge();
  clearGrid();
  token = null;
  gateway.tokenStore.clear();
  setSignIn('signed-out');
}

function openLarge(camera) {
  if (large) {
    return;
  }

  // The grid is hidden behind the dialog: give its streams back (and stay within per-token stream limits).
  for (const tile of tiles.values()) {
    tile.player.stop();
  }

  const select = byId('large-profile');
  select.replaceChildren(...camera.profiles.map((p) => new Option(p.name, p.name, false, p.name === camera.defaultProfile)));
  select.disabled = camera.profiles.length < 2;
  byId('large-title').textContent = camera.name || camera.id;
  const canvas = byId('large-canvas');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  const player = new MjpegPlayer(canvas, {
    url: () => gateway.streamUrl(camera.id, select.value),
    token: () => token,
  });
  large = { camera, player };
  player.addEventListener('statechange', () => {
    refreshLabels();
    if (player.state === PlayerState.Unauthorized) {
      tokenRefused();
    }
  });
  byId('large').showModal();
  player.start();
  refreshLabels();
}

function closeLarge() {
  if (!large) {
    return;
  }

  large.player.dispose();
  large = null;
  const dialog = byId('large');
  if (dialog.open) {
    dialog.close();
  }

  for (const tile of tiles.values()) {
    if (tile.player.state === PlayerState.Stopped || tile.player.state === PlayerState.Idle) {
      tile.player.start();
    }
  }

  refreshLabels();
}

async function downloadSnapshot() {
  if (!large) {
    return;
  }

  const button = byId('large-snapshot');
  const { camera } = large;
  button.disabled = true;
  try {
    const blob = await gateway.snapshot(token, camera.id, byId('large-profile').value);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${camera.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.jpg`;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers; a few seconds later it has been handed over.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    byId('large-status').textContent = `Snapshot failed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

function toggleFullscreen() {
  if (document.fullscreenElement) {
    document.exitFullscreen();
  } else {
    byId('large-frame').requestFullscreen?.().catch(() => {});
  }
}

function wire() {
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token');
    const candidate = input.value.trim().replace(/^Bearer\s+/i, '');
    input.value = '';
    if (candidate) {
      signIn(candidate);
    }
  });
  byId('demo-sign-in').addEventListener('click', async () => {
    try {
      signIn(await gateway.demoSignIn());
    } catch (error) {
      setSignIn('error', `Demo sign-in failed: ${error.message}`);
    }
  });
  byId('sign-out').addEventListener('click', signOut);
  byId('large-close').addEventListener('click', closeLarge);
  // Escape closes the dialog natively; tidy up the same way.
  byId('large').addEventListener('close', closeLarge);
  byId('large-profile').addEventListener('change', () => {
    large?.player.stop();
    large?.player.start();
  });
  byId('large-snapshot').addEventListener('click', downloadSnapshot);
  byId('large-fullscreen').addEventListener('click', toggleFullscreen);
  byId('large-frame').addEventListener('dblclick', toggleFullscreen);
  setInterval(refreshLabels, LabelRefreshMs);
  setInterval(refreshCameras, CameraListRefreshMs);
}

async function main() {
  wire();
  const demo = gateway.demoEnabled();
  const stored = gateway.tokenStore.get();
  if (stored) {
    await signIn(stored);
  } else {
    setSignIn('signed-out');
  }

  byId('demo').hidden = !(await demo);
}

main();
