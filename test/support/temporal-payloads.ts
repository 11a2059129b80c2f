import type { Payload } from '@temporalio/common';

/**
 * Every readable text of a history as Temporal stores it: its strings and, decoded as UTF-8, every
 * byte field (payload data and metadata are bytes, base64 in the JSON form: grepping that JSON
 * would find nothing even in clear).
 */
export function storedText(node: unknown): string {
  const parts: string[] = [];
  walk(node, (value) => {
    if (typeof value === 'string') parts.push(value);
    else if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
  });
  return parts.join('\n');
}

/** The payloads found anywhere in a history (objects with byte `data`). */
export function payloadsIn(node: unknown): Payload[] {
  const found: Payload[] = [];
  walk(node, (value) => {
    if (value && typeof value === 'object' && !(value instanceof Uint8Array) && 'data' in value) {
      const { data, metadata } = value as { data: unknown; metadata?: unknown };
      if (data instanceof Uint8Array) found.push({ data, metadata: (metadata ?? {}) as Record<string, Uint8Array> });
    }
  });
  return found;
}

function walk(node: unknown, visit: (value: unknown) => void, seen = new Set<unknown>()): void {
  visit(node);
  if (!node || typeof node !== 'object' || node instanceof Uint8Array || seen.has(node)) return;
  seen.add(node);
  for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child, visit, seen);
}
