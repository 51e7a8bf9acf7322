import http from 'node:http';

export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  /** When it arrived (Date.now()). */
  at: number;
}

/** A real HTTP client of a Server-Sent Events stream: the events so far, and whether the server ended it. */
export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Comment lines (heartbeats) seen. */
  comments: string[];
  ended: Promise<void>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      let buffer = '';
      let endedResolve: () => void;
      const client: SseClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: [],
        comments: [],
        ended: new Promise((r) => (endedResolve = r)),
        close: () => request.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { at: Date.now() };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            const match = /^(event|id|data): ?(.*)$/.exec(line);
            if (match) event[match[1] as 'event' | 'id' | 'data'] = match[2];
          }
          if (event.event || event.data) client.events.push(event);
        }
      });
      response.on('end', () => endedResolve());
      response.on('close', () => endedResolve());
      resolve(client);
    });
    request.on('error', reject);
  });
}
