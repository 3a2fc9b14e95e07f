// The one door to Carrel's Rust core: `call` is the only function in the UI that invokes a
// command, and it accepts only the commands that exist (`Command`, generated from the Rust
// functions), with their arguments and answer typed. Every failure becomes a `CarrelError`.

import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Command, Commands } from '../bindings/commands';
import type { ErrorKind } from '../bindings/ErrorKind';

/** The error kinds of the core, plus `ipc` for a call that never reached it. */
export type CarrelErrorKind = ErrorKind | 'ipc';

const CORE_KINDS: readonly string[] = [
  'not_found',
  'invalid_input',
  'newer_library',
  'not_a_library',
  'cancelled',
  'io',
  'database',
  'damaged',
] satisfies ErrorKind[];

export class CarrelError extends Error {
  readonly kind: CarrelErrorKind;

  constructor(kind: CarrelErrorKind, message: string) {
    super(message);
    this.name = 'CarrelError';
    this.kind = kind;
  }

  /** Builds a CarrelError from whatever a command rejected with. */
  static from(raw: unknown): CarrelError {
    if (raw instanceof CarrelError) return raw;
    if (typeof raw === 'object' && raw !== null) {
      const { kind, message } = raw as { kind?: unknown; message?: unknown };
      if (typeof kind === 'string' && CORE_KINDS.includes(kind) && typeof message === 'string') {
        return new CarrelError(kind as ErrorKind, message);
      }
    }
    if (!insideTauri()) {
      return new CarrelError('ipc', 'Carrel’s core is not reachable: this page is running outside the Carrel application.');
    }
    if (raw instanceof Error) return new CarrelError('ipc', raw.message);
    if (typeof raw === 'string' && raw.length > 0) return new CarrelError('ipc', raw);
    return new CarrelError('ipc', 'The Carrel core gave an answer the interface does not understand.');
  }
}

function insideTauri(): boolean {
  const internals = (globalThis as { __TAURI_INTERNALS__?: { invoke?: unknown } }).__TAURI_INTERNALS__;
  return typeof internals?.invoke === 'function';
}

/** What command `C` answers with. */
export type Answer<C extends Command> = Commands[C]['answer'];

/** The arguments of command `C`: none, or one object with exactly the Rust function's arguments. */
type ArgsOf<C extends Command> = Commands[C]['args'] extends undefined ? [] : [Commands[C]['args']];

/** Calls command `command` of the core; a failure rejects with a `CarrelError`. */
export async function call<C extends Command>(command: C, ...args: ArgsOf<C>): Promise<Answer<C>> {
  try {
    return await invoke<Answer<C>>(command, args[0] as InvokeArgs | undefined);
  } catch (raw) {
    throw CarrelError.from(raw);
  }
}

/** A Channel that hands each message the core sends to `onMessage`. */
export function channelFor<T>(onMessage: (message: T) => void): Channel<T> {
  let channel: Channel<T>;
  try {
    channel = new Channel<T>();
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  channel.onmessage = onMessage;
  return channel;
}
