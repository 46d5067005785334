/**
 * How an event's metadata travels through KurrentDB's multi-stream append (v2 `AppendSession`), so that reading it
 * back gives exactly what a single (v1) append's read gives.
 *
 * A v1 append stores the metadata as JSON bytes. A v2 append stores record "properties", and the client
 * (`multiStreamAppend`) only sends string values. The server keeps them as a protobuf Struct and, when a v1 read asks
 * for the event, synthesises its metadata as the JSON of that Struct plus two keys of its own, `$schema.name` (the
 * event type) and `$schema.format` ("Json"). See KurrentDB `EventRecord.SynthesizeMetadataFromProperties`
 * (src/KurrentDB.Core/Data/EventRecord.cs, v25.1.0 on) and `Mapping.MapToEvent` (src/KurrentDB.Api.V2).
 *
 * The encoding: every string-valued entry is a property of its own, unchanged (so `correlationId`, `hash`,
 * `recordedAt`… stay readable by any v1 reader); the other entries (`schemaVersion`, a null `prevHash`, whatever
 * non-string metadata a caller gives) and any key the server reserves (`$…`) go together, as the JSON text of one
 * object, into the property `compensa.json`. That property also marks the event as written this way: reading it
 * back drops the server's `$` keys and the marker and merges the object in. JSON.stringify is what a v1 append uses
 * for its metadata, so every value comes back as a v1 read gives it (undefined members dropped, toJSON applied).
 */

/** The property that holds the non-string entries as JSON, and marks an event written through a v2 append. */
export const ENCODED_PROPERTY = 'compensa.json';

/** Metadata as v2 record properties: a plain object of string values (what `multiStreamAppend` accepts). */
export function toRecordProperties(metadata: Record<string, unknown>): Record<string, string> {
  const properties: Record<string, string> = {};
  const encoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string' && !key.startsWith('$') && key !== ENCODED_PROPERTY) properties[key] = value;
    else encoded[key] = value;
  }
  properties[ENCODED_PROPERTY] = JSON.stringify(encoded);
  return properties;
}

/**
 * The metadata a v1 read gives back, as the adapter wrote it: unchanged for a v1 append; for a v2 append (the
 * marker present) without the server's `$` keys and with the encoded entries restored.
 */
export function fromReadMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const encoded = metadata[ENCODED_PROPERTY];
  if (typeof encoded !== 'string') return metadata;
  const restored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith('$') || key === ENCODED_PROPERTY) continue;
    restored[key] = value;
  }
  return Object.assign(restored, JSON.parse(encoded) as Record<string, unknown>);
}
