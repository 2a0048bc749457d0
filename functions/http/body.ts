import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../domain/errors.js';
import type { ApiEvent } from './types.js';

/**
 * The largest body a handler accepts. API Gateway allows 10 MB; a batch of
 * 1,000 participants as JSON is about 150 KB, so anything past this is a
 * mistake (the wrong file), refused before it is parsed.
 */
export const MAX_BODY_BYTES = 512 * 1024;

export type MediaType = 'application/json' | 'text/csv' | 'text/plain';

/** The Content-Type without its parameters, lower-case ('' when absent). */
export const mediaTypeOf = (event: ApiEvent): string => (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** The body's bytes as the client sent them (API Gateway base64-encodes what it does not take for text). */
export const rawBody = (event: ApiEvent): Buffer => {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
};

/** The body as text, after the size and media-type checks. */
export const readBody = (event: ApiEvent, accepted: readonly MediaType[]): { mediaType: MediaType; text: string } => {
  const bytes = rawBody(event);
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is ${bytes.byteLength} bytes; at most ${MAX_BODY_BYTES} (512 KiB) are accepted`);
  }
  const mediaType = mediaTypeOf(event);
  const match = accepted.find((t) => t === mediaType || (t === 'text/csv' && mediaType === 'application/csv'));
  if (!match) {
    throw new UnsupportedMediaTypeError(`Content-Type ${mediaType ? `"${mediaType}"` : 'is missing; it'} must be ${accepted.join(' or ')}`);
  }
  if (bytes.byteLength === 0) throw new ValidationError([{ path: '(body)', message: 'is empty', code: 'empty_body' }]);
  return { mediaType: match, text: bytes.toString('utf8') };
};

/** A JSON body. The parser's own message is not passed on: it can quote the input. */
export const jsonBody = (event: ApiEvent): unknown => {
  const { text } = readBody(event, ['application/json']);
  return parseJson(text);
};

export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: '(body)', message: 'is not valid JSON', code: 'invalid_json' }]);
  }
};
