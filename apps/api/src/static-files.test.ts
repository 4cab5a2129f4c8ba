import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutAnswerOnFailedStream } from './static-files.ts';

// As sirv does: headers written, then a file stream piped into the answer with no listener of
// its own. Unguarded, the missing file's error would be thrown out of this test process.
const reported: Error[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    cutAnswerOnFailedStream(res, (error) => reported.push(error));
    if (req.url === '/gone.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'content-length': '1234' });
      createReadStream('/nonexistent/_app/immutable/entry/start.gone.js.gz').pipe(res);
      return;
    }
    createReadStream(new URL(import.meta.url)).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a built file that disappeared under a running server', () => {
  it('cuts that answer and reports it; the server goes on answering', async () => {
    await expect(fetch(`${base}/gone.js`).then((r) => r.text())).rejects.toThrow();
    expect(reported.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ENOENT']);
    const next = await fetch(`${base}/here.js`);
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('cutAnswerOnFailedStream');
  });
});
