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

/**
 * One HTTP(S) request and its whole answer, by node:http rather than fetch (the WHATWG layer was a
 * sixth of the gateway's CPU per encode, bench/README.md "What bounds encode"). Every wait of it
 * together ends within `timeoutMs`: a server silent, or one that answers a byte at a time, cannot
 * hold it longer (a socket timeout restarts at each byte). Rejects then, or when the connection
 * fails; any status is an answer.
 */
export function exchange(url: URL, { method, headers, body, agent, timeoutMs }: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const signal = AbortSignal.timeout(timeoutMs);
    const sized = body === undefined || Object.keys(headers).some((name) => name.toLowerCase() === 'content-length') ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
    const request = send(url, { method, headers: sized, agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', (error) => reject(signal.aborted ? new Error(`no whole answer within ${timeoutMs} ms`) : error));
    request.end(body);
  });
}
