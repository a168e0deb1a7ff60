/**
 * What every engagement platform's audience parser returns: members ready for Send, and the parts
 * of the body refused with the reason, so the operation can skip and count them or report them.
 */
import { toTruecallerNumber } from '../../shared/phone';
import { type ValidationIssue, describe } from '../../shared/validation';

export interface Refusal {
	index: number;
	/** How the user finds it again: `call 2 (messageId ...)`. */
	label: string;
	reason: string;
	source: unknown;
}

export type AudienceParse<Member> =
	| { ok: true; members: Member[]; refused: Refusal[]; total: number }
	| { ok: false; reason: string; issues?: ValidationIssue[] };

export function refusedBody(
	platform: string,
	issues: ValidationIssue[],
): { ok: false; reason: string; issues: ValidationIssue[] } {
	return {
		ok: false,
		reason: `${platform} body: ${issues.map((i) => i.message).join('; ')}`,
		issues,
	};
}

/** Truecaller's receiver for a phone found at `source`, or why it cannot be one. */
export function receiverOf(
	phone: unknown,
	source: string,
	countryCode: string,
): { ok: true; receiver: string } | { ok: false; reason: string } {
	const number = toTruecallerNumber(phone, countryCode);
	if (number.ok) return { ok: true, receiver: number.value };
	return {
		ok: false,
		reason: `has an unusable ${source}: ${number.reason}; got ${describe(phone)}`,
	};
}
