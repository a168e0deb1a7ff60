import { wireReceivers } from '../../nodes/Truecaller/campaign/campaign';
import { checkCountryCode, sha256Hex, toE164, toTruecallerNumber } from '../../nodes/shared/phone';
import type { ValidationIssue } from '../../nodes/shared/validation';

const SPEC_NUMBER = '911234567891';
const SPEC_HASH = 'efc187bdaca8e73ddffb1b4615e9652bb775721335bc97f47888dfebd9058444';

describe('toTruecallerNumber', () => {
	const valid: Array<[unknown, string, string]> = [
		['911234567891', '911234567891', '91'],
		['+911234567891', '911234567891', '91'],
		['+91 12345 67891', '911234567891', '91'],
		['+91-12345-67891', '911234567891', '91'],
		['+91 (123) 456-7891', '911234567891', '91'],
		['00911234567891', '911234567891', '91'],
		['0091 1234 567 891', '911234567891', '91'],
		['1234567891', '911234567891', '91'],
		['01234567891', '911234567891', '91'],
		['0 98410 12345', '919841012345', '91'],
		['98410.12345', '919841012345', '91'],
		['  9841012345  ', '919841012345', '91'],
		[9841012345, '919841012345', '91'],
		[919841012345, '919841012345', '91'],
		['+917872483227', '917872483227', '91'],
		['7872483227', '447872483227', '44'],
		['07872483227', '447872483227', '44'],
		['+447911123456', '447911123456', '91'],
		[SPEC_HASH, SPEC_HASH, '91'],
		[SPEC_HASH.toUpperCase(), SPEC_HASH, '91'],
	];
	it.each(valid)('accepts %p as %s', (input, expected, countryCode) => {
		const result = toTruecallerNumber(input, countryCode);
		expect(result).toEqual({ ok: true, value: expected, hashed: expected === SPEC_HASH });
	});

	const invalid: Array<[unknown, RegExp]> = [
		['', /must not be empty/],
		['   ', /must not be empty/],
		['Phone Number Not Available', /only digits/],
		['98410 1234x', /only digits/],
		['+1 415 555 0100', /12 digits/],
		['12345', /12 digits/],
		['984101234', /12 digits/],
		['98410123456789', /12 digits/],
		['+9198410123456', /12 digits/],
		['0012', /12 digits/],
		['++919841012345', /only digits/],
		['000000000000', /12 digits/],
		[SPEC_HASH.slice(1), /only digits/],
		[null, /phone number as text/],
		[{ phone: '9841012345' }, /phone number as text/],
		[true, /phone number as text/],
	];
	it.each(invalid)('rejects %p', (input, reason) => {
		const result = toTruecallerNumber(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
	});

	it('hashes the 12 digits exactly as SPEC.md shows', () => {
		expect(sha256Hex(SPEC_NUMBER)).toBe(SPEC_HASH);
	});

	it('gives the rule only: the issue that names the field adds the value', () => {
		const result = toTruecallerNumber('12345');
		expect(result.ok || result.reason).toMatch(/^must be a 10-digit number .* giving 12 digits$/);
		const issues: ValidationIssue[] = [];
		wireReceivers('12345', { countryCode: '91', hashReceivers: false }, issues);
		expect(issues.map((found) => found.message)).toEqual([
			`Receiver Numbers (\`receiver_number\`) ${result.ok || result.reason}; got "12345"`,
		]);
	});
});

describe('toE164', () => {
	it.each([
		['9841012345', '91', '+919841012345'],
		['02269112345', '91', '+912269112345'],
		['+917872483227', '91', '+917872483227'],
		['919841012345', '91', '+919841012345'],
		['0044 7911 123456', '91', '+447911123456'],
		['not a number', '91', null],
		['', '91', null],
	])('%s with country %s -> %s', (input, country, expected) => {
		expect(toE164(input, country)).toBe(expected);
	});
});

describe('checkCountryCode', () => {
	it.each(['91', '1', '971'])('accepts %s', (code) =>
		expect(checkCountryCode(code)).toBeUndefined(),
	);
	it.each(['+91', '0', '1234', '', 'IN'])('rejects %p', (code) =>
		expect(checkCountryCode(code)).toMatch(/1 to 3 digits/),
	);
});
