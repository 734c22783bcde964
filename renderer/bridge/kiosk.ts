import type {
  ErrorView,
  OperationName,
  TillBridge,
  TillEventMessage,
  TillHandlers,
  TillResult,
} from '../../main/api';

/** What the kiosk transport needs of the browser, passed in so that a test can give its own. */
export interface KioskEnvironment {
  /** The page's address; its `?token=`, if any, is the kiosk host's token. */
  pageUrl: string;
  fetch: typeof fetch;
  openSocket(url: string): WebSocket;
  /** Milliseconds before reconnecting after the socket closed. */
  reconnectDelayMs?: number;
}

const UNREACHABLE: ErrorView = {
  code: 'kiosk.unreachable',
  message: 'The till does not answer.',
  values: {},
};

/**
 * The TillApi over the kiosk host: POST /api/:operation and events on a WebSocket (/events) that
 * reopens after a drop, for as long as someone listens; the host's cookie carries the token, or,
 * for a page given it in its address, a Bearer header and `?token=`.
 */
export function createKioskBridge(environment: KioskEnvironment): TillBridge {
  const page = new URL(environment.pageUrl);
  const token = page.searchParams.get('token') ?? '';
  const listeners = new Set<(message: TillEventMessage) => void>();
  let socket: WebSocket | null = null;
  let reconnect: ReturnType<typeof setTimeout> | null = null;

  const eventsUrl = new URL('/events', page);
  eventsUrl.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  // Loaded from the address printed, the page has the token as a cookie the browser sends
  // itself; a page given the token in its address (a test, a tool) passes it on.
  if (token !== '') eventsUrl.searchParams.set('token', token);

  function connect(): void {
    const opened = environment.openSocket(eventsUrl.href);
    socket = opened;
    opened.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const message = JSON.parse(event.data) as TillEventMessage;
      for (const listener of listeners) listener(message);
    };
    opened.onclose = () => {
      if (socket !== opened) return;
      socket = null;
      if (listeners.size === 0) return;
      reconnect = setTimeout(() => {
        reconnect = null;
        if (listeners.size > 0 && socket === null) connect();
      }, environment.reconnectDelayMs ?? 1000);
    };
  }

  function disconnect(): void {
    if (reconnect !== null) clearTimeout(reconnect);
    reconnect = null;
    const open = socket;
    socket = null;
    open?.close();
  }

  return {
    async call<K extends OperationName>(
      name: K,
      input: TillHandlers[K]['input'],
    ): Promise<TillResult<TillHandlers[K]['result']>> {
      try {
        const response = await environment.fetch(new URL(`/api/${name}`, page).href, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify(input),
        });
        return (await response.json()) as TillResult<TillHandlers[K]['result']>;
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (socket === null && reconnect === null) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}
