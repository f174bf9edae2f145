// The decrypting side of http_ece (a dependency of web-push), as the push receiver of the tests uses it.
declare module 'http_ece' {
  import { type ECDH } from 'node:crypto';
  export function decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer }): Buffer;
}
