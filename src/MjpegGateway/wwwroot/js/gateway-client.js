// The page's calls to the gateway API: the token lives in sessionStorage (gone with the tab, never in a URL or
// in localStorage) and travels only in the Authorization header.

import { readProblem } from './mjpeg-player.js';

const TokenKey = 'mjpeg-gateway.token';

export const tokenStore = {
  get() {
    try {
      return sessionStorage.getItem(TokenKey);
    } catch {
      return null;
    }
  },
  set(token) {
    try {
      sessionStorage.setItem(TokenKey, token);
    } catch {
      // Storage disabled: the token lives only as long as the page.
    }
  },
  clear() {
    try {
      sessionStorage.removeItem(TokenKey);
    } catch {
      // Nothing stored.
    }
  },
};

/** An error answer from the gateway, with its problem details. */
export class GatewayError extends Error {
  constructor(problem) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.problem = problem;
    this.status = problem.status;
  }
}

async function call(path, { method = 'GET', token = null, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }

  const response = await fetch(path, { method, headers, cache: 'no-store' });
  if (!response.ok) {
    throw new GatewayError(await readProblem(response));
  }

  return response;
}

/** GET /demo: whether the demo sign-in is offered. */
export async function demoEnabled() {
  try {
    const body = await (await call('/demo')).json();
    return body?.enabled === true;
  } catch {
    return false;
  }
}

/** POST /demo/sign-in: a viewer token for the demo cameras. */
export async function demoSignIn() {
  const body = await (await call('/demo/sign-in', { method: 'POST' })).json();
  return body.token;
}

/** GET /cameras: the cameras this token may see. */
export async function listCameras(token) {
  return (await call('/cameras', { token })).json();
}

/** GET /cameras/{id}/snapshot as a Blob. */
export async function snapshot(token, cameraId, profile) {
  const query = profile ? `?profile=${encodeURIComponent(profile)}` : '';
  return (await call(`/cameras/${encodeURIComponent(cameraId)}/snapshot${query}`, { token, accept: 'image/jpeg' })).blob();
}

/** The stream URL of a camera profile (no credential in it). */
export function streamUrl(cameraId, profile) {
  const query = profile ? `?profile=${encodeURIComponent(profile)}` : '';
  return `/cameras/${encodeURIComponent(cameraId)}/stream${query}`;
}
