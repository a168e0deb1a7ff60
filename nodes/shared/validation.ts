/** What every validator of the package reports, and small helpers for its messages and limits. */

/** One problem with one field: the message names the field, the rule and the offending value. */
export interface ValidationIssue {
	field: string;
	rule: string;
	value: unknown;
	message: string;
}

/** A field as an error names it: the label the editor shows, then the key sent ("Title (`title`)"). */
export function labelledField(label: string | undefined, key: string): string {
	return label ? `${label} (\`${key}\`)` : key;
}

/** How a value reads in an error message: short, typed, and never a whole payload. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string')
		return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

/** Length as a person counts it: an emoji or a Devanagari letter is one, not two UTF-16 units. */
export function codePointLength(text: string): number {
	// One less per surrogate pair; a lone surrogate counts as one, as the string iterator does.
	let count = text.length;
	for (let index = 0; index < text.length - 1; index++) {
		const unit = text.charCodeAt(index);
		const next = text.charCodeAt(index + 1);
		if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
			count--;
			index++;
		}
	}
	return count;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
