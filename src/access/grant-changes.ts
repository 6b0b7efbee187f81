import { Injectable } from '@nestjs/common';

/**
 * Tells whoever holds access-dependent state (the query result cache) that grants changed.
 * Every path that creates or revokes a grant calls {@link GrantChanges.notify}.
 */
@Injectable()
export class GrantChanges {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
