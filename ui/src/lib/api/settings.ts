// The library's settings: barcode rules, the cataloguing agency and the default call-number scheme.

import { call } from './core';
import type { BarcodeCheck } from '../bindings/BarcodeCheck';
import type { BarcodeRules } from '../bindings/BarcodeRules';
import type { CallNumberScheme } from '../bindings/CallNumberScheme';

/** The library's barcode rules (prefix, length, check digit). */
export function barcodeRules(): Promise<BarcodeRules> {
  return call('barcode_rules');
}

/** Stores new barcode rules; resolves to the rules as stored. */
export function setBarcodeRules(rules: BarcodeRules): Promise<BarcodeRules> {
  return call('set_barcode_rules', { rules });
}

/** Whether `barcode` passes `rules` as typed in the Settings form (saved or not), and why not. */
export function checkBarcode(rules: BarcodeRules, barcode: string): Promise<BarcodeCheck> {
  return call('check_barcode', { rules, barcode });
}

/** The cataloguing agency code new records get in 040 $a and $c. */
export function cataloguingAgency(): Promise<string> {
  return call('cataloguing_agency');
}

/** Stores the cataloguing agency code ('' goes back to the default); resolves to the code in force. */
export function setCataloguingAgency(code: string): Promise<string> {
  return call('set_cataloguing_agency', { code });
}

/** The library's default call-number scheme; `null` when each call number's form decides. */
export function defaultCallNumberScheme(): Promise<CallNumberScheme | null> {
  return call('default_call_number_scheme');
}

/** Stores the default call-number scheme (`null` removes it); resolves to the one in force. */
export function setDefaultCallNumberScheme(scheme: CallNumberScheme | null): Promise<CallNumberScheme | null> {
  return call('set_default_call_number_scheme', { scheme });
}
