/** The live feed: listeners get every item; a listener that joins late first gets the recent past (bounded). */
import type { LiveItem } from './types.js';

const REPLAY_LIMIT = 5000;

export class Feed {
  private readonly listeners = new Set<(item: LiveItem) => void>();
  private readonly recent: LiveItem[] = [];

  publish(item: LiveItem): void {
    this.recent.push(item);
    if (this.recent.length > REPLAY_LIMIT) this.recent.splice(0, this.recent.length - REPLAY_LIMIT);
    for (const listener of this.listeners) listener(item);
  }

  subscribe(listener: (item: LiveItem) => void): () => void {
    for (const item of this.recent) listener(item);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
