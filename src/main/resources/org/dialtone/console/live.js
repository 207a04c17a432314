// What is going on now, for one customer: live channels, parking spots and extensions. Rebuilt from the read
// endpoints (rebuild) and kept current from the event stream (apply). Views ask it for calls(), spots() and
// extensions(); it never touches the page.

/** Events whose full effect (which spot, who moved where) is not in the event itself: read the state again. */
const RESYNC_AFTER = new Set(['park', 'unpark', 'park_timeout', 'blind_transfer', 'gap']);

export class LiveState {
  constructor() {
    this.channels = new Map();   // channel_id -> CHANNEL (the read endpoint's shape)
    this.spotList = [];          // [{spot, occupied, caller, parked_by, parked_time, timeout_time, channel_id}]
    this.extensionList = [];     // [{number, name, status, devices}]
  }

  rebuild({ channels, spots, extensions }) {
    this.channels = new Map(channels.map(c => [c.channel.channel_id, c]));
    this.spotList = spots;
    this.extensionList = extensions;
  }

  /**
   * Applies one event of the stream; answers true when the page should read the state again soon, because the
   * event does not say everything (a park does not name its spot) or events were missed (gap).
   */
  apply(name, e) {
    if (name === 'gap') return true;
    for (const party of [e.caller, e.callee, e.channel]) this.upsertParty(e, party);
    const subject = e.channel?.channel_id;
    if (name === 'bridge' && e.caller?.channel_id && e.callee?.channel_id) {
      this.link(e.caller.channel_id, e.callee.channel_id);
    }
    if (name === 'park' && subject) {
      const parked = this.channels.get(subject);
      if (parked) this.unlink(parked);
    }
    if (name === 'hangup' && subject) {
      const gone = this.channels.get(subject);
      if (gone) this.unlink(gone);
      this.channels.delete(subject);
      if (this.spotList.some(s => s.occupied && s.channel_id === subject)) {
        this.spotList = this.spotList.map(s => s.channel_id === subject ? { spot: s.spot, occupied: false } : s);
      }
    }
    return RESYNC_AFTER.has(name);
  }

  upsertParty(e, party) {
    if (!party?.channel_id) return;
    if (party.state === 'hangup') { this.channels.delete(party.channel_id); return; }
    const known = this.channels.get(party.channel_id);
    this.channels.set(party.channel_id, {
      unique_id: known?.unique_id ?? (e.channel?.channel_id === party.channel_id ? e.unique_id : null),
      linked_id: e.linked_id,
      direction: e.direction,
      customer_code: e.customer_code,
      caller: e.caller,
      callee: e.callee,
      channel: party,
      created_time: known?.created_time ?? e.event_time,
      on_hold: known?.on_hold ?? false,
      parked_at: known?.parked_at ?? null,
      bridged_with: known?.bridged_with ?? null,
    });
  }

  link(a, b) {
    const ca = this.channels.get(a), cb = this.channels.get(b);
    if (ca) { ca.bridged_with = b; ca.parked_at = null; ca.on_hold = false; }
    if (cb) { cb.bridged_with = a; cb.parked_at = null; cb.on_hold = false; }
  }

  unlink(c) {
    const peer = c.bridged_with && this.channels.get(c.bridged_with);
    if (peer && peer.bridged_with === c.channel.channel_id) peer.bridged_with = null;
    c.bridged_with = null;
  }

  /**
   * The calls as the desk sees them: one per linked_id, oldest first. `movable` is the channel a drag or Move… acts
   * on: the party that is not me when I take part in the call, else the one that started it.
   */
  calls(myExtension) {
    const byCall = new Map();
    for (const c of this.channels.values()) {
      if (!byCall.has(c.linked_id)) byCall.set(c.linked_id, []);
      byCall.get(c.linked_id).push(c);
    }
    const calls = [];
    for (const [linkedId, chans] of byCall) {
      chans.sort((a, b) => a.created_time - b.created_time);
      const first = chans[0];
      const peer = (first.bridged_with && this.channels.get(first.bridged_with)) || chans[1] || null;
      const from = first.channel;
      const parked = chans.find(c => c.parked_at);
      // nobody on the other end while parked; before an answer, the party being called
      const other = first.channel.channel_id === first.caller.channel_id ? first.callee : first.caller;
      const to = peer ? peer.channel : parked ? null : other;
      let state = 'ringing';
      if (parked) state = 'parked';
      else if (chans.some(c => c.on_hold)) state = 'on_hold';
      else if (chans.some(c => c.bridged_with) || (peer && from.state === 'up' && peer.channel.state === 'up')) state = 'up';
      else if (chans.every(c => c.channel.state === 'up')) state = 'up';
      let movable = first;
      if (parked) movable = parked;
      else if (peer && from.number === myExtension) movable = peer;
      calls.push({
        linkedId, from, to, state, direction: first.direction, parkedAt: parked?.parked_at ?? null,
        since: Math.min(...chans.map(c => c.created_time)),
        answeredTime: peer?.channel.answered_time ?? null,
        movable: { channelId: movable.channel.channel_id, number: movable.channel.number, name: movable.channel.name,
          answered: movable.channel.state === 'up' },
      });
    }
    return calls.sort((a, b) => a.since - b.since);
  }

  spots() { return this.spotList; }

  /** Extensions with their light: a live channel of theirs counts first (the stream is newer than the last read). */
  extensions() {
    return this.extensionList.map(x => {
      let status = x.status === 'offline' ? 'offline' : 'idle';
      for (const c of this.channels.values()) {
        if (c.channel.number !== x.number) continue;
        if (c.channel.state === 'up') { status = 'on_call'; break; }
        if (c.channel.state === 'ringing') status = 'ringing';
      }
      return { ...x, status };
    });
  }
}
