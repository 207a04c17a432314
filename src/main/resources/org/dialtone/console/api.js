// The Dialtone API as the console uses it: the read endpoints, the four call-control actions and the event stream.
// Every request carries the token as `Authorization: Bearer`; the event stream (EventSource cannot send a header)
// takes it as `access_token`. `credentials: 'omit'` keeps the browser from ever showing its own login box on a 401.

export class ApiFailure extends Error {
  /** status: HTTP status (0 = no answer); error: the envelope's machine code; field: the input at fault, if any. */
  constructor(status, error, msg, field, retryAfter) {
    super(msg);
    this.status = status;
    this.error = error;
    this.field = field ?? null;
    this.retryAfter = retryAfter ?? null;
  }
}

export const EVENT_NAMES = ['dial_begin', 'dial_end', 'bridge', 'hangup', 'park', 'unpark', 'park_timeout',
  'blind_transfer', 'gap'];

export class Api {
  constructor(token) {
    this.token = token;
    this.clockOffset = 0; // seconds the switch's clock is ahead of this computer's (times in the API are the switch's)
  }

  /** Learns the switch's clock from a response's Date header; differences under 2 s (its resolution) are ignored. */
  noteClock(response) {
    const date = Date.parse(response.headers.get('Date') ?? '');
    if (Number.isNaN(date)) return;
    const offset = (date - Date.now()) / 1000;
    this.clockOffset = Math.abs(offset) < 2 ? 0 : offset;
  }

  /** Now, by the switch's clock, in epoch seconds: what durations and times left are counted against. */
  now() { return Date.now() / 1000 + this.clockOffset; }

  async request(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + this.token, 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: 'omit', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiFailure(0, 'offline', 'Dialtone cannot be reached', null);
    }
    this.noteClock(response);
    let json = null;
    try { json = await response.json(); } catch (e) { /* not JSON: described below */ }
    if (!response.ok) {
      throw new ApiFailure(response.status, json?.error ?? 'http_' + response.status,
        json?.msg ?? 'HTTP ' + response.status, json?.field, response.headers.get('Retry-After'));
    }
    return json;
  }

  get(path) { return this.request('GET', path); }

  action(name, body) { return this.request('POST', '/v1.0/action/chan/' + name, body); }

  /** The live state the page is rebuilt from: channels, parking spots and extensions, fetched together. */
  async snapshot() {
    const [channels, parking, extensions] = await Promise.all([
      this.get('/v1.0/channels'), this.get('/v1.0/parking'), this.get('/v1.0/extensions')]);
    return { channels: channels.channels, spots: parking.spots, extensions: extensions.extensions };
  }

  originate(number, extension) {
    return this.action('originate', { number, extension_number: extension, sync: false });
  }

  park(channelId, spot) { return this.action('park', { channel_id: channelId, parking_spot: spot }); }

  transfer(channelId, number) { return this.action('blind-transfer', { channel_id: channelId, to_number: number }); }

  unpark(spot, extension) { return this.action('unpark', { parking_spot: spot, extension_number: extension }); }

  eventSource() {
    return new EventSource('/v1.0/events/sse/chan?access_token=' + encodeURIComponent(this.token));
  }
}

/**
 * An API failure in plain words for the person at the desk. `what` says what was being done, with the numbers
 * involved: {action: 'park', spot: '703'}, {action: 'transfer', number: '202'}, {action: 'call', number, extension},
 * {action: 'unpark', spot, extension}. Falls back to the server's own message, which is already a sentence.
 */
export function plainWords(failure, what = {}) {
  const e = failure instanceof ApiFailure ? failure : new ApiFailure(0, 'unknown', String(failure?.message ?? failure));
  switch (e.error) {
    case 'offline': return 'Dialtone cannot be reached. Check the network and try again.';
    case 'unauthorized': return 'Your API token was refused. Sign in again with a valid token.';
    case 'spot_occupied': return `Spot ${what.spot ?? ''} is taken. Choose an empty spot.`.replace('  ', ' ');
    case 'extension_unavailable': {
      const n = what.action === 'transfer' ? what.number : what.extension;
      return n ? `Extension ${n} has no phone signed in right now.` : 'That extension has no phone signed in right now.';
    }
    case 'invalid_state': return 'That call cannot be moved now: it is not answered yet, or it has just ended.';
    case 'busy': return `${what.number ?? 'The number'} is busy.`;
    case 'no_answer': return `${what.number ?? 'The number'} did not answer.`;
    case 'rejected': return `${what.number ?? 'The number'} declined the call.`;
    case 'rate_limited':
      return 'Too many requests at once' + (e.retryAfter ? `; try again in ${e.retryAfter} s.` : '; try again shortly.');
    case 'unavailable': return 'Dialtone cannot take this now: ' + e.message;
    case 'not_found':
      if (what.action === 'unpark' && e.field !== 'extension_number') return `Spot ${what.spot} is empty now.`;
      if (e.field === 'channel_id') return 'That call has already ended.';
      if (e.field === 'extension_number') return `Extension ${what.extension} does not exist.`;
      if (e.field === 'number' || e.field === 'to_number') return `${what.number} cannot be reached from here.`;
      return e.message;
    case 'invalid_field':
      if (e.field === 'number' || e.field === 'to_number') return `"${what.number}" is not a number that can be dialled.`;
      if (e.field === 'parking_spot') return `${what.spot} is not a spot of this parking lot.`;
      return e.message;
    default: return e.message;
  }
}
