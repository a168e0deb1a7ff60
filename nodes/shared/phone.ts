import { createHash } from 'crypto';

/**
 * Phone numbers across Truecaller, CleverTap and True Pulse (docs/validation.md, "Receiver numbers").
 *
 * Truecaller's campaign receiver is 12 digits: a 2-digit country code and a 10-digit number, no
 * "+", or the lowercase hex SHA-256 of exactly those 12 digits.
 */

export const DEFAULT_COUNTRY_CODE = '91';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const SEPARATORS = /[\s\-.()/]/g;
const NATIONAL_DIGITS = 10;
const WIRE_DIGITS = 12;

export type PhoneResult =
	| { ok: true; value: string; hashed: boolean }
	| { ok: false; reason: string };

export function isSha256Hex(value: string): boolean {
	return SHA256_HEX.test(value);
}

export function sha256Hex(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

/** Splits "+91 98410 12345" into its international digits, or undefined when it has no prefix. */
function internationalDigits(compact: string): string | undefined {
	if (compact.startsWith('+')) return compact.slice(1);
	if (compact.startsWith('00')) return compact.slice(2);
	return undefined;
}

export function checkCountryCode(countryCode: string): string | undefined {
	return /^[1-9]\d{0,2}$/.test(countryCode)
		? undefined
		: `must be 1 to 3 digits without "+", got "${countryCode}"`;
}

/**
 * Normalises one receiver to Truecaller's wire form. Accepts "+", "00", spaces, dashes, dots and
 * brackets, a national number with or without the trunk "0", or an existing SHA-256.
 */
export function toTruecallerNumber(
	input: unknown,
	countryCode = DEFAULT_COUNTRY_CODE,
): PhoneResult {
	if (typeof input !== 'string' && typeof input !== 'number') {
		return { ok: false, reason: 'must be a phone number as text' };
	}
	const raw = String(input).trim();
	if (raw === '') return { ok: false, reason: 'must not be empty' };
	if (isSha256Hex(raw)) return { ok: true, value: raw.toLowerCase(), hashed: true };

	const compact = raw.replace(SEPARATORS, '');
	const international = internationalDigits(compact);
	const digits = international ?? compact;
	if (!/^\d+$/.test(digits)) {
		return {
			ok: false,
			reason: 'must contain only digits, "+", spaces, dashes or brackets',
		};
	}

	let wire: string | undefined;
	if (international !== undefined || digits.length === WIRE_DIGITS) {
		wire = digits;
	} else if (digits.length === NATIONAL_DIGITS) {
		wire = countryCode + digits;
	} else if (digits.length === NATIONAL_DIGITS + 1 && digits.startsWith('0')) {
		wire = countryCode + digits.slice(1);
	}
	if (wire === undefined || wire.length !== WIRE_DIGITS || wire.startsWith('0')) {
		return {
			ok: false,
			reason:
				'must be a 10-digit number (optionally with trunk "0") or a 2-digit country code plus 10 digits ' +
				'(optionally with "+" or "00"), giving 12 digits',
		};
	}
	return { ok: true, value: wire, hashed: false };
}

/**
 * E.164 ("+919841012345") for numbers in national format, as True Pulse and CleverTap use them.
 * Landlines keep their area code: the trunk "0" is dropped, never the digits after it.
 */
export function toE164(input: string, countryCode = DEFAULT_COUNTRY_CODE): string | null {
	const compact = input.trim().replace(SEPARATORS, '');
	const international = internationalDigits(compact);
	if (international !== undefined)
		return /^\d{6,15}$/.test(international) ? `+${international}` : null;
	if (!/^\d{6,15}$/.test(compact)) return null;
	const national = compact.startsWith('0') ? compact.slice(1) : compact;
	if (compact.length === WIRE_DIGITS && compact.startsWith(countryCode)) return `+${compact}`;
	return `+${countryCode}${national}`;
}
