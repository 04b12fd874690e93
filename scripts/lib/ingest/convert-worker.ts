/**
 * A conversion worker of scripts/lib/ingest/convert-pool.ts: converts the uploads it is sent, one at a time,
 * and answers with the result or the error. Exits when the pool says stop.
 */
import { convertSource, type SourceInput } from '../../../src/lib/convert.ts';
import type { WorkerReply } from './convert-pool.ts';

process.on('message', async (message: { id: number; input: SourceInput } | { stop: true }) => {
  if ('stop' in message) process.exit(0);
  let reply: WorkerReply;
  try {
    // Bytes arrive as a plain Uint8Array: give the converters the Buffer they get in the ingest itself.
    const { bytes } = message.input;
    const input = { ...message.input, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    reply = { id: message.id, ok: true, result: await convertSource(input) };
  } catch (error) {
    const e = error as Error & { hint?: string };
    reply = {
      id: message.id,
      ok: false,
      error: { name: e.name, message: e.message, ...(typeof e.hint === 'string' ? { hint: e.hint } : {}) },
    };
  }
  process.send?.(reply);
});
// Ready: the pool's time limit for an upload starts now, not while this process was still loading.
process.send?.({ ready: true });
