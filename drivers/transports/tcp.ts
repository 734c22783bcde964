/**
 * A TCP socket, as to a network receipt printer's raw port 9100. Connecting gives up after a
 * timeout; TCP keepalive notices a peer that vanished without closing; the peer closing (or
 * resetting) the connection drops the line.
 */
import { Socket } from 'node:net';
import { BaseTransport, asError, formatSeconds, settleWithin } from './base';

export interface TcpTransportOptions {
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Idle time before TCP keepalive probes start (default 10 000 ms). */
  keepAliveMs?: number;
  /** How long a write may take before the line is deemed stuck (default 10 000 ms). */
  writeTimeoutMs?: number;
}

export class TcpTransport extends BaseTransport {
  readonly name: string;
  private socket: Socket | null = null;
  private readonly connectTimeoutMs: number;
  private readonly keepAliveMs: number;
  private readonly writeTimeoutMs: number;

  constructor(
    readonly host: string,
    readonly port: number,
    options: TcpTransportOptions = {},
  ) {
    super();
    this.name = `tcp:${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.keepAliveMs = options.keepAliveMs ?? 10_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  }

  async open(): Promise<void> {
    this.beginOpen();
    const socket = new Socket();
    let lastError: Error | null = null;
    let connecting: ((error: Error | null) => void) | null = null;
    // Listened to from the start: an 'error' event with no listener would crash the process.
    socket.on('error', (error) => {
      lastError = error;
      connecting?.(error);
    });
    socket.on('close', () => {
      connecting?.(lastError ?? new Error('the connection closed while connecting'));
      if (this.socket === socket) {
        this.dropped(lastError ?? new Error('the peer closed the connection'));
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.emitData(chunk);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          connecting?.(new Error(`no answer within ${formatSeconds(this.connectTimeoutMs)}`));
        }, this.connectTimeoutMs);
        connecting = (error) => {
          connecting = null;
          clearTimeout(timer);
          if (error) {
            socket.destroy();
            reject(error);
          } else {
            resolve();
          }
        };
        socket.once('connect', () => connecting?.(null));
        socket.connect({ host: this.host, port: this.port });
      });
    } catch (error) {
      throw this.openFailed(error);
    }
    if (this.state !== 'opening') {
      socket.destroy();
      throw this.closedWhileOpening();
    }
    socket.setKeepAlive(true, this.keepAliveMs);
    socket.setNoDelay(true);
    this.socket = socket;
    this.state = 'open';
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || this.state !== 'open') return Promise.reject(this.notOpen());
    return this.guardedWrite(
      this.writeTimeoutMs,
      () =>
        new Promise<void>((resolve, reject) => {
          socket.write(bytes, (error) => (error ? reject(asError(error)) : resolve()));
        }),
    );
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Let written bytes go out, then close; destroy if the peer does not finish in time.
    socket.end();
    await settleWithin(closed, 2000);
    socket.destroy();
  }

  protected release(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }
}
