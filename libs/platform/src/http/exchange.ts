import { type Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Exchange {
  readonly method: string;
  /** Content-Length is added from `body` unless given. */
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body?: string | Buffer;
  /** Keep-alive, or another certificate authority (https). Node's global agent when absent. */
  readonly agent?: Agent;
  /** The whole exchange's bound, in ms: resolving the name, connecting, sending, and the answer to its last byte. */
  readonly timeoutMs: number;
}

/** An answer's status and its body as UTF-8 text. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** The most an answer may hold: the services answer small JSON, a push service a line or none. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * One HTTP(S) request and its whole answer, by node:http rather than fetch (the WHATWG layer was a
 * sixth of the gateway's CPU per encode, bench/README.md "What bounds encode"). It settles within
 * `timeoutMs` whatever the other side does: silent, answering a byte at a time (a socket timeout
 * restarts at each byte), or the request still waiting for a free socket of its agent. Rejects
 * then, when the connection fails, or on an answer over 1 MiB; any status is an answer.
 */
export function exchange(url: URL, { method, headers, body, agent, timeoutMs }: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // The signal ends the request (and its socket); the rejection does not wait for that.
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = () => reject(new Error(`no whole answer within ${timeoutMs} ms`));
    signal.addEventListener('abort', timedOut, { once: true });
    const sized = body === undefined || Object.keys(headers).some((name) => name.toLowerCase() === 'content-length') ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
    const request = send(url, { method, headers: sized, agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`an answer over ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.on('close', () => signal.removeEventListener('abort', timedOut));
    request.end(body);
  });
}
