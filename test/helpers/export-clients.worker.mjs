// Clients of a server in the parent thread, on an event loop of their own: concurrent streamed
// exports read as fast as the socket delivers them, and /healthz asked one request after another
// until the exports end. Posts { runs: [{ status, records, firstByteAt, endAt }], healthAnsweredAt }.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { base, path, headers, exports } = workerData;

function streamedExport() {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (response) => {
        const parts = [];
        let firstByteAt = 0;
        response.on('data', (part) => {
          firstByteAt ||= performance.now();
          parts.push(part);
        });
        response.on('end', () => {
          const endAt = performance.now();
          const text = Buffer.concat(parts).toString('utf8');
          const records = response.statusCode === 200 ? JSON.parse(text).length : text.slice(0, 200);
          resolve({ status: response.statusCode, records, firstByteAt, endAt });
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

async function pollHealth(done) {
  let finished = false;
  void done.finally(() => (finished = true));
  const agent = new http.Agent({ keepAlive: true });
  const answeredAt = [];
  while (!finished) {
    const status = await new Promise((resolve, reject) => {
      http.get(`${base}/healthz`, { agent }, (response) => response.resume().on('end', () => resolve(response.statusCode))).on('error', reject);
    });
    if (status !== 200) throw new Error(`/healthz answered ${status}`);
    answeredAt.push(performance.now());
  }
  agent.destroy();
  return answeredAt;
}

const all = Promise.all(Array.from({ length: exports }, streamedExport));
const [runs, healthAnsweredAt] = await Promise.all([all, pollHealth(all)]);
parentPort.postMessage({ runs, healthAnsweredAt });
