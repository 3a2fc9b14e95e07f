// Undo within one editing session: a stack of earlier versions of the record.

/**
 * Keeps earlier snapshots of a value. `record(before, key)` is called with the value as it was
 * before a change; changes with the same non-null `key` in a row (typing into one subfield)
 * make one undo step, so Undo does not go back one character at a time.
 */
export class UndoStack<T> {
  #past: T[] = [];
  #lastKey: string | null = null;
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  /** Remembers `before` as the state to go back to, unless it continues the same edit. */
  record(before: T, key: string | null = null): void {
    if (key !== null && key === this.#lastKey && this.#past.length > 0) return;
    this.#past.push(structuredClone(before));
    if (this.#past.length > this.#limit) this.#past.shift();
    this.#lastKey = key;
  }

  /** Ends a run of same-key edits: the next change is a step of its own. */
  breakRun(): void {
    this.#lastKey = null;
  }

  /** The state before the last change, or null when there is nothing to undo. */
  undo(): T | null {
    this.#lastKey = null;
    return this.#past.pop() ?? null;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get depth(): number {
    return this.#past.length;
  }
}
