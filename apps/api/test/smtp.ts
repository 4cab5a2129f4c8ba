import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in the test process: what the product sends arrives here, parsed. */
export interface TestSmtp {
  readonly url: string;
  readonly port: number;
  readonly messages: ParsedMail[];
  /** Answers every message with a 451 (temporarily refused) while true. */
  refuse: boolean;
  /** Stops listening: the port then refuses connections, as a mail server that is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Resolves when `count` messages have arrived (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  const smtp: TestSmtp = {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    refuse: false,
    async start() {
      const created = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, _session, callback) {
          if (smtp.refuse) {
            stream.resume();
            stream.on('end', () => {
              const error = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 });
              callback(error);
            });
            return;
          }
          simpleParser(stream)
            .then((parsed) => {
              messages.push(parsed);
              callback();
            })
            .catch(callback);
        },
      });
      await new Promise<void>((resolve) => created.listen(port, '127.0.0.1', () => resolve()));
      port = (created.server.address() as AddressInfo).port;
      server = created;
    },
    async stop() {
      const running = server;
      server = undefined;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    async waitFor(count, ms = 10_000) {
      const until = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`${messages.length} of ${count} messages arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
  };
  await smtp.start();
  return smtp;
}
