import type { IdpSource, IgnoredEvent } from '../types';

/** An event we do not act on, with whatever identification it had. */
export function ignored(reason: string, meta: { source?: IdpSource; eventId?: unknown; eventType?: unknown } = {}): IgnoredEvent {
  return {
    kind: 'ignored',
    reason,
    ...(meta.source !== undefined && { source: meta.source }),
    ...(typeof meta.eventId === 'string' && meta.eventId !== '' && { eventId: meta.eventId }),
    ...(typeof meta.eventType === 'string' && meta.eventType !== '' && { eventType: meta.eventType }),
  };
}
