import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: string;
  envelopeTo: string[];
  /** The MAIL FROM address (the envelope sender, where bounces go). */
  envelopeFrom: string;
}

/** Decides a reply: undefined accepts; an error with responseCode refuses. */
export type Responder = (phase: 'rcpt' | 'data', address: string) => { code: number; message: string } | undefined;

/** A real SMTP server on loopback (port 0) that keeps what it receives. */
export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Set to refuse or defer messages. */
  responder: Responder | null;
  /** Resolves when at least `count` messages have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const waiters: (() => void)[] = [];
  const sink: SmtpSink = {
    url: '',
    received: [],
    responder: null,
    waitFor: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (sink.received.length >= count) {
            clearTimeout(timer);
            resolve(sink.received);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`only ${sink.received.length} of ${count} emails arrived`)), timeoutMs);
        const poll = () => {
          if (!check()) waiters.push(poll);
        };
        poll();
      }),
    close: async () => {},
  };
  const refuse = (reply: { code: number; message: string }) => Object.assign(new Error(reply.message), { responseCode: reply.code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = sink.responder?.('rcpt', address.address);
      callback(reply ? refuse(reply) : undefined);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const reply = sink.responder?.('data', to[0] ?? '');
        if (reply) return callback(refuse(reply));
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parse ? await simpleParser(raw) : (null as unknown as ParsedMail);
        const mailFrom = session.envelope.mailFrom;
        sink.received.push({ parsed, raw, envelopeTo: to, envelopeFrom: mailFrom ? mailFrom.address : '' });
        callback();
        for (const waiter of waiters.splice(0)) waiter();
      });
    },
  });
  // A client dying mid-session (a SIGKILLed server) resets its connection: a real SMTP server shrugs.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}
