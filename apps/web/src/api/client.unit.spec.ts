import { ApiError, errorKind, NetworkError } from './client';

describe('errorKind: what a person is told when a call fails (issue 11: no English server text as the headline)', () => {
  it.each([
    [new ApiError(409, 'ILLEGAL_STATE', 'cannot validate in state WorkerValidated'), 'ILLEGAL_STATE'],
    [new ApiError(400, 'VALIDATION', 'data.version: must be an integer'), 'VALIDATION'],
    [new ApiError(412, 'CONCURRENCY', 'expected version 2, stream is at 3'), 'CONCURRENCY'],
    [new ApiError(503, 'UNAVAILABLE', 'the validation service did not answer'), 'UNAVAILABLE'],
  ])('the API code when it is a known one: %s', (error, kind) => expect(errorKind(error)).toBe(kind));

  it.each([
    [new ApiError(429, '429', 'ThrottlerException: Too Many Requests'), 'RATE_LIMITED'],
    [new ApiError(404, '404', 'Not Found'), 'NOT_FOUND'],
    [new ApiError(401, 'SOMETHING_NEW', 'jwt expired'), 'UNAUTHENTICATED'],
    [new ApiError(502, '502', 'Bad Gateway'), 'UNAVAILABLE'],
    [new ApiError(418, '418', "I'm a teapot"), 'UNKNOWN'],
  ])('else the HTTP status: %s', (error, kind) => expect(errorKind(error)).toBe(kind));

  it('a request that never arrived is NETWORK; anything else UNKNOWN', () => {
    expect(errorKind(new NetworkError('Failed to fetch'))).toBe('NETWORK');
    expect(errorKind(new TypeError('x is undefined'))).toBe('UNKNOWN');
  });
});
