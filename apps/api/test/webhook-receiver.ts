import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../src/modules/webhooks/webhook-events.ts';

// A webhook receiver in the test process, on loopback: it checks every request's signature as
// the README tells integrators to, and answers what the test says.

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: { id: string; type: string; organizationId: string | null; data: Record<string, unknown> };
  /** The signature matched the secret and the timestamp was within the replay window. */
  readonly verified: boolean;
  /** What the receiver answered. */
  readonly status: number;
}

export interface TestReceiver {
  readonly url: string;
  readonly received: Received[];
  /** The secret the receiver checks signatures with (set after registering the webhook). */
  secret: string;
  /** The status to answer the n-th request (0-based); 204 by default. */
  answer: (n: number, event: Received['event']) => number;
  waitFor(count: number, ms?: number): Promise<Received[]>;
  stop(): Promise<void>;
}

export async function startReceiver(path = '/hooks/ccmm'): Promise<TestReceiver> {
  const received: Received[] = [];
  let seen = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as Received['event'];
      const verified = verifySignature({
        secret: receiver.secret,
        body,
        timestamp: req.headers['x-ccmm-timestamp'] as string | undefined,
        signature: req.headers['x-ccmm-signature'] as string | undefined,
      });
      const status = verified ? receiver.answer(seen++, event) : 401;
      received.push({ headers: req.headers, body, event, verified, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: TestReceiver = {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    secret: '',
    answer: () => 204,
    async waitFor(count, ms = 10_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until) {
          throw new Error(`expected ${count} webhook requests, got ${received.length}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
