// An independent EventSource client (the npm `eventsource` package, v2) for the end-to-end tests: connects to the
// event stream with the API token and prints each event as one JSON line on stdout: {"id","event","data"}.
// usage: node sse-client.js <url> <token> [lastEventId]
const EventSource = require('eventsource');
const [url, token, lastEventId] = process.argv.slice(2);
const headers = { Authorization: 'Basic ' + Buffer.from('token:' + token).toString('base64') };
if (lastEventId) headers['Last-Event-ID'] = lastEventId;
const es = new EventSource(url, { headers });
const names = ['chan.dial_begin', 'chan.dial_end', 'chan.bridge', 'chan.hangup', 'chan.park', 'chan.unpark',
  'chan.park_timeout', 'chan.blind_transfer', 'chan.gap'];
for (const name of names) {
  es.addEventListener(name, (e) => {
    process.stdout.write(JSON.stringify({ id: e.lastEventId, event: e.type, data: JSON.parse(e.data) }) + '\n');
  });
}
es.onopen = () => process.stdout.write(JSON.stringify({ open: true }) + '\n');
es.onerror = (e) => process.stderr.write('error ' + JSON.stringify(e) + '\n');
