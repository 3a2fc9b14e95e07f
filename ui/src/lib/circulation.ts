// Pure helpers for the circulation desk: labels, the patron form's values, grouping lists, and
// the short beep a scan gives (docs/circulation.md, "At the desk").

import type { LoanLine } from './bindings/LoanLine';
import type { Patron } from './bindings/Patron';
import type { PatronInput } from './bindings/PatronInput';

/** "1 day overdue", "12 days overdue", "" for 0. */
export function overdueLabel(days: number): string {
  if (days <= 0) return '';
  return `${days} ${days === 1 ? 'day' : 'days'} overdue`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A date as the desk shows it: "2026-12-21 (Mon)"; empty for none. The weekday helps at the desk. */
export function dayLabel(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${iso} (${WEEKDAYS[d.getUTCDay()]})`;
}

/**
 * Why `text` is not a date as the window writes dates everywhere (ISO 8601 YYYY-MM-DD, a day that
 * exists), naming it `what`; null when it is one or is empty (the caller says what empty means).
 * Dates are typed, not picked, because a date picker shows the system's order (month/day in the
 * US), unlike every other date in the window.
 */
export function dateProblem(text: string, what: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d) return null;
  }
  return `${what} “${t}” is not a date: write it as YYYY-MM-DD, e.g. 2027-06-30.`;
}

/** The patron form: every field as text (the form's inputs), plus the blocked flag. */
export interface PatronForm {
  name: string;
  card: string;
  category: string;
  department: string;
  email: string;
  phone: string;
  expiresOn: string;
  notes: string;
  blocked: boolean;
  blockReason: string;
}

export function emptyPatronForm(): PatronForm {
  return {
    name: '',
    card: '',
    category: 'staff',
    department: '',
    email: '',
    phone: '',
    expiresOn: '',
    notes: '',
    blocked: false,
    blockReason: '',
  };
}

export function patronForm(p: Patron): PatronForm {
  return {
    name: p.name,
    card: p.card,
    category: p.category,
    department: p.department,
    email: p.email ?? '',
    phone: p.phone ?? '',
    expiresOn: p.expires_on ?? '',
    notes: p.notes ?? '',
    blocked: p.blocked,
    blockReason: p.block_reason ?? '',
  };
}

function opt(v: string): string | null {
  const t = v.trim();
  return t === '' ? null : t;
}

/** The input the core takes; empty text is none (an empty card number is generated). */
export function patronInput(f: PatronForm): PatronInput {
  return {
    name: f.name.trim(),
    card: opt(f.card),
    category: opt(f.category),
    department: f.department.trim(),
    email: opt(f.email),
    phone: opt(f.phone),
    expires_on: opt(f.expiresOn),
    notes: opt(f.notes),
    blocked: f.blocked,
    block_reason: f.blocked ? opt(f.blockReason) : null,
  };
}

/** Loans grouped by patron card, in the order they come (the core sorts by name). */
export function byPatron(lines: LoanLine[]): { patronId: number | null; name: string; card: string; lines: LoanLine[] }[] {
  const out: { patronId: number | null; name: string; card: string; lines: LoanLine[] }[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.patronId === l.loan.patron_id) last.lines.push(l);
    else out.push({ patronId: l.loan.patron_id, name: l.patron_name, card: l.patron_card, lines: [l] });
  }
  return out;
}

/** Moves the selected tab with the arrow keys, Home and End (WAI-ARIA tabs); null for other keys. */
export function nextTab(index: number, count: number, key: string): number | null {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

let audio: AudioContext | null = null;

/** A short beep: high for a loan or a return, low for a refusal. Silent where WebAudio is missing. */
export function beep(ok: boolean): void {
  try {
    const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = ok ? 880 : 220;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + (ok ? 0.08 : 0.25));
  } catch {
    // No sound device: the row's colour says it anyway.
  }
}

const SOUND_KEY = 'carrel.desk.sound';

export function soundOn(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSoundOn(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts this session only.
  }
}

/**
 * Prints one part of the page: marks `el` for the print stylesheet (everything else hidden),
 * opens the print dialog, then unmarks it.
 */
export function printPart(el: HTMLElement | undefined): void {
  if (!el) return;
  el.classList.add('print-only');
  document.body.classList.add('printing-part');
  try {
    window.print();
  } finally {
    el.classList.remove('print-only');
    document.body.classList.remove('printing-part');
  }
}

/** A core message as a sentence at the desk: capital first letter, full stop at the end. */
export function sentence(message: string): string {
  const t = message.trim();
  if (t === '') return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
