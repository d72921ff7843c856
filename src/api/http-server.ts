import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/**
 * The API's HTTP server: @hono/node-server, with a lingering close. An answer given before the
 * request's body was read (413 for a body over the limit) says `Connection: close`, and Node then
 * closes the socket as soon as the answer is written; the client is still writing, its data meets a
 * closed socket, and the kernel's reset can reach it before it has read the answer: `fetch` of a
 * large body saw EPIPE instead of the 413. As nginx does, the socket is instead half-closed (the
 * answer and a FIN go out) and what the client still sends is read and dropped, up to a bound,
 * before it is closed.
 */

/** Read and dropped at most this much, for at most this long, and no more than this long with nothing arriving. */
export const LINGER: Readonly<{ maxBytes: number; maxMs: number; idleMs: number }> = {
  maxBytes: 64 * 1024 * 1024,
  maxMs: 10_000,
  idleMs: 2_000,
};
const CHECK_MS = 100;

export function serveApi(
  fetch: Parameters<typeof serve>[0]['fetch'],
  options: { port: number; hostname: string; linger?: typeof LINGER },
  onListening?: (info: AddressInfo) => void,
): ServerType {
  const server = serve({ fetch, port: options.port, hostname: options.hostname }, onListening);
  lingerOnClose(server as Server, options.linger);
  return server;
}

/** Every connection of `server` closes by lingering when its last request was not read to the end. */
export function lingerOnClose(server: Server, limits: typeof LINGER = LINGER): void {
  const lastRequest = new WeakMap<Socket, IncomingMessage>();
  server.on('request', (req: IncomingMessage) => lastRequest.set(req.socket, req));
  server.on('connection', (socket: Socket) => {
    const close = socket.destroySoon.bind(socket);
    let lingering = false;
    // Node calls destroySoon once a `Connection: close` answer is written (and @hono/node-server
    // when it gives up draining a body); a request read to its end closes as before.
    socket.destroySoon = () => {
      if (lingering) return;
      const req = lastRequest.get(socket);
      if (req?.complete !== false) return close();
      lingering = true;
      linger(socket, req, limits);
    };
  });
}

/** Half-closes `socket`, reads and drops the rest of `req`, destroys it when the client is done or a bound is reached. */
function linger(socket: Socket, req: IncomingMessage, { maxBytes, maxMs, idleMs }: typeof LINGER): void {
  if (socket.writable) socket.end();
  // Nobody reads the body any more, but the stream the app was handed for it still listens, and
  // pauses the request (and so the socket) once its buffer is full: dropped as Node drops a body
  // nobody asked for (IncomingMessage._dump).
  req.removeAllListeners('data');
  // Counted as it arrives too: on loopback a client sends tens of MB between two of the timer's looks.
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > maxBytes) socket.destroy();
  });
  req.resume();
  const startBytes = socket.bytesRead;
  const startedAt = Date.now();
  let seenBytes = startBytes;
  let seenAt = startedAt;
  // The body goes through Node's HTTP parser, not to the socket's 'data' listeners: progress is
  // read from the socket's byte count.
  const check = setInterval(() => {
    const now = Date.now();
    if (socket.bytesRead !== seenBytes) [seenBytes, seenAt] = [socket.bytesRead, now];
    if (seenBytes - startBytes > maxBytes || now - startedAt > maxMs || now - seenAt > idleMs) socket.destroy();
  }, CHECK_MS);
  check.unref();
  socket.once('close', () => clearInterval(check));
}
