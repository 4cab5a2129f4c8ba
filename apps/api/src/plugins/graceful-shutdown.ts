import { Server as NetServer, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once drain() was called: /api/ready answers 503 server.shutting_down. */
    readonly draining: boolean;
    /**
     * The first half of a graceful shutdown (server.ts, on SIGTERM): answer 503 on /api/ready,
     * close each connection after its answer, stop accepting connections once they stop coming,
     * and resolve once no request has been in flight for QUIET_MS (nor is awaited on a fresh
     * connection). fastify.close() does the rest.
     */
    drain(): Promise<void>;
  }
}

/**
 * How long the server must have had no request in flight before it closes. A request a client
 * wrote just before the signal may still sit unread in the socket's buffer (the connection then
 * looks idle); it is read and answered within this time instead of having its connection cut.
 */
const QUIET_MS = 300;

/** How long a connection accepted without a request yet is waited for (a browser's preconnect never sends one). */
const FIRST_REQUEST_WAIT_MS = 2000;

/** After the signal, connections are accepted until none has come for this long… */
const ACCEPT_QUIET_MS = 500;
/** …or this long has passed since the signal. */
const ACCEPT_MAX_MS = 5000;

/**
 * Counts the requests in flight (the web app's pages too: they are counted until their raw
 * response closes, since a hijacked reply has no onResponse) and drains them on demand.
 */
export const gracefulShutdown = fp(
  async (fastify: FastifyInstance) => {
    let inFlight = 0;
    let lastActivity = Date.now();
    let draining = false;
    const settled = () => {
      inFlight -= 1;
      lastActivity = Date.now();
    };
    fastify.decorate('draining', {
      getter: () => draining,
    });
    // Connections accepted that have not sent a request yet (the client's request may be on its
    // way): closing them now would cut it. Waited for, up to FIRST_REQUEST_WAIT_MS each.
    const unused = new Map<Socket, number>();
    let lastConnection = 0;
    fastify.server.on('connection', (socket: Socket) => {
      lastConnection = Date.now();
      unused.set(socket, lastConnection);
      socket.once('close', () => unused.delete(socket));
    });
    const awaitedSocket = (now: number) => {
      for (const since of unused.values()) if (now - since < FIRST_REQUEST_WAIT_MS) return true;
      return false;
    };
    fastify.addHook('onRequest', (request, reply, done) => {
      unused.delete(request.raw.socket);
      inFlight += 1;
      lastActivity = Date.now();
      reply.raw.once('close', settled);
      // While draining, every answer closes its connection: no client keeps one to reuse.
      if (draining) reply.raw.setHeader('connection', 'close');
      done();
    });
    fastify.decorate('drain', async () => {
      if (!draining) {
        draining = true;
        // Closing the listener resets every connection still queued in the kernel (completed
        // by the kernel, not accepted yet: clients that connected just before the signal, while
        // the event loop was busy). Keep accepting — and answering, each answer closing its
        // connection — until no connection has come for ACCEPT_QUIET_MS (at most ACCEPT_MAX_MS),
        // then stop, without http.Server.close()'s closing of the idle connections (one whose
        // request has arrived but is not read yet looks idle).
        const signalled = Date.now();
        while (Date.now() - lastConnection < ACCEPT_QUIET_MS && Date.now() - signalled < ACCEPT_MAX_MS) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // The timer may fire right after a long task, before the event loop polled for new
        // connections again: setImmediate runs after the next poll.
        await new Promise((resolve) => setImmediate(resolve));
        if (fastify.server.listening) NetServer.prototype.close.call(fastify.server);
        fastify.log.info('no longer accepting connections');
      }
      while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS || awaitedSocket(Date.now())) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  },
  { name: 'graceful-shutdown' },
);
